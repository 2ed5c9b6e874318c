//! Random unguessable tokens (session cookies, sign-in states, ids) and the hashes under which
//! the database keeps the secret ones.

use base64::Engine;
use sha2::{Digest, Sha256};

/// A random token for a cookie or a state value: 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("operating-system randomness");
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
