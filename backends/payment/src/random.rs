//! Unguessable values from the operating system: payment ids (which are also the checkout
//! page's address) and CSRF tokens.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

/// `N` random bytes, base64url without padding.
pub fn token<const N: usize>() -> String {
    let mut buffer = [0u8; N];
    // Without an OS random source no id this gateway hands out would be safe.
    getrandom::fill(&mut buffer).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(buffer)
}
