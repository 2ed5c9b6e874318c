//! Comparing secrets (passwords, codes, CSRF tokens, client secrets) in time that does not depend
//! on where they first differ.

pub fn equal(expected: &str, given: &str) -> bool {
    expected.len() == given.len()
        && expected
            .bytes()
            .zip(given.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    #[test]
    fn equal_only_when_identical() {
        assert!(super::equal("abc", "abc"));
        assert!(!super::equal("abc", "abd"));
        assert!(!super::equal("abc", "ab"));
        assert!(!super::equal("", "a"));
    }
}
