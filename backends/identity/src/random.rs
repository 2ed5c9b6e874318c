//! Unguessable values from the operating system: tokens, codes, key material.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};

pub fn bytes<const N: usize>() -> [u8; N] {
    let mut buffer = [0u8; N];
    // Without an OS random source no token this provider makes would be safe to hand out.
    getrandom::fill(&mut buffer).expect("the operating system provides randomness");
    buffer
}

/// 256 random bits, base64url: authorization codes, access tokens, session and interaction ids.
pub fn token() -> String {
    URL_SAFE_NO_PAD.encode(bytes::<32>())
}

/// A six-digit one-time code, uniformly drawn (values past the last whole million are redrawn).
pub fn otp() -> String {
    const LIMIT: u32 = u32::MAX - u32::MAX % 1_000_000;
    loop {
        let value = u32::from_be_bytes(bytes::<4>());
        if value < LIMIT {
            return format!("{:06}", value % 1_000_000);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_distinct_and_url_safe() {
        let (a, b) = (token(), token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'));
    }

    #[test]
    fn otps_have_six_digits() {
        for _ in 0..100 {
            let code = otp();
            assert_eq!(code.len(), 6);
            assert!(code.bytes().all(|c| c.is_ascii_digit()));
        }
    }
}
