//! Search that forgives missing diacritics and case: citizens type "dang ky khai sinh" as often as
//! "Đăng ký khai sinh". Text typed with combining marks (NFD: "a" then U+0301) folds the same way
//! as precomposed text. The table below is kept by hand rather than taken from a Unicode crate
//! because this runs in the browser too (the service finder's island), where Unicode's
//! decomposition tables would weigh more than the whole search.

/// Lower-cases and strips Vietnamese diacritics so that typed text and catalogue text compare.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(base_letter)
        .collect()
}

/// Removes Vietnamese diacritics but keeps case: "Nguyễn Thị Ánh" becomes "Nguyen Thi Anh", for
/// places limited to ASCII (such as the built-in fonts of a PDF).
pub fn strip_diacritics(text: &str) -> String {
    text.chars()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| {
            let base = base_letter(c.to_lowercase().next().unwrap_or(c));
            if c.is_uppercase() {
                base.to_ascii_uppercase()
            } else {
                base
            }
        })
        .collect()
}

/// The combining diacritical marks (U+0300–U+036F), which hold every Vietnamese tone and vowel
/// mark when text is decomposed.
fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ'
        | 'ẫ' | 'ậ' => 'a',
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở'
        | 'ỡ' | 'ợ' => 'o',
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    }
}

/// True when every word of the query occurs in the folded haystack; an empty query matches all.
pub fn matches(query: &str, folded_haystack: &str) -> bool {
    fold(query)
        .split_whitespace()
        .all(|word| folded_haystack.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_typed_with_combining_marks_folds_as_precomposed_text() {
        // "Đăng ký" with the breve and the acute as separate marks.
        let decomposed = "\u{0110}a\u{0306}ng ky\u{0301}";
        assert_eq!(fold(decomposed), "dang ky");
        assert!(matches(decomposed, &fold("Đăng ký khai sinh")));
        assert_eq!(strip_diacritics("Nguye\u{0302}\u{0303}n"), "Nguyen");
    }

    #[test]
    fn folds_vietnamese_to_plain_letters() {
        assert_eq!(fold("Đăng ký khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("GIẤY PHÉP LÁI XE"), "giay phep lai xe");
    }

    #[test]
    fn strips_diacritics_keeping_case() {
        assert_eq!(
            strip_diacritics("Nguyễn Thị Ánh, Đà Nẵng"),
            "Nguyen Thi Anh, Da Nang"
        );
    }

    #[test]
    fn every_query_word_must_match() {
        let haystack = fold("Cấp đổi, cấp lại giấy phép lái xe");
        assert!(matches("lai xe", &haystack));
        assert!(matches("  ", &haystack));
        assert!(!matches("lai tau", &haystack));
    }
}
