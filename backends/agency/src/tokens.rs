//! Random tokens: session ids, CSRF tokens, the marks of approvals under way.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

/// 256 random bits, base64url.
pub fn random() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}
