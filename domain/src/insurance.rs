//! Health-insurance card numbers: 15 characters, `XX Y ZZ NNNNNNNNNN` — group code, benefit level
//! 1–5, two-digit province, ten-digit social-insurance number.

/// Group codes used by the portal's services (there are more in the regulation).
pub const GROUP_CODES: [&str; 8] = ["TE", "HS", "SV", "GD", "DN", "HC", "HT", "CN"];

/// Checks a card number, ignoring spaces typed between its parts.
pub fn is_valid_card_number(input: &str) -> bool {
    let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = compact.as_bytes();
    compact.len() == 15
        && GROUP_CODES.iter().any(|group| compact.starts_with(group))
        && (b'1'..=b'5').contains(&bytes[2])
        && bytes[3..].iter().all(u8::is_ascii_digit)
}

/// Composes a card number from its parts.
pub fn compose_card_number(group: &str, level: u8, province: u16, social_number: u64) -> String {
    assert!(GROUP_CODES.contains(&group) && (1..=5).contains(&level));
    format!("{group}{level}{:02}{social_number:010}", province % 100)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_numbers_are_valid_and_shapes_are_checked() {
        let card = compose_card_number("TE", 1, 79, 7_912_345_678);
        assert_eq!(card, "TE1797912345678");
        assert!(is_valid_card_number(&card));
        assert!(is_valid_card_number("TE 1 79 7912345678"));
        assert!(!is_valid_card_number("XX1797912345678"));
        assert!(!is_valid_card_number("TE6797912345678"));
        assert!(!is_valid_card_number("TE179791234567"));
    }
}
