//! Checks one answer of a given kind: either a normalised value to store, or a message that says
//! what to do, naming the limit. The same rules run on every POST, whatever the browser did.

use super::{CodeRules, Kind, Question};
use crate::engine::Context;
use crate::personal_id::{PersonalId, PersonalIdError};
use crate::text::{Lang, OwnedText};
use time::macros::format_description;
use time::Date;

/// The message for a refused answer, in both languages.
pub type Refusal = OwnedText;

/// Checks `raw` (what the form posted; `None` when the field was absent) for `question`.
pub fn check(
    question: &Question,
    raw: Option<&str>,
    context: &Context,
    today: Date,
) -> Result<String, Refusal> {
    let trimmed = raw.map(str::trim).unwrap_or("");
    if trimmed.is_empty() {
        return if question.optional {
            Ok(String::new())
        } else {
            Err(missing(question))
        };
    }
    match question.kind {
        Kind::Text { max_chars } | Kind::LongText { max_chars } => text(trimmed, max_chars),
        Kind::PersonName { max_chars } => person_name(trimmed, max_chars),
        Kind::Date { past, future } => date(trimmed, past, future, today),
        Kind::Number { min, max } => number(trimmed, min, max),
        Kind::Choice(options) => {
            let lang = Lang::Vi;
            if options
                .choices(context, lang)
                .iter()
                .any(|choice| choice.value == trimmed)
            {
                Ok(trimmed.to_string())
            } else {
                Err(missing(question))
            }
        }
        Kind::Choices(options) => several(question, options, trimmed, context),
        Kind::PersonalId => personal_id(trimmed),
        // Only the server names a stored upload; what a form says for a document is refused.
        Kind::Document(_) if super::documents::is_stored_answer(trimmed) => Ok(trimmed.to_string()),
        Kind::Document(_) => Err(missing(question)),
        Kind::Code(rules) => code(trimmed, rules),
        Kind::Phone => phone(trimmed),
        Kind::Email => email(trimmed),
    }
}

/// "Enter …" for text-like answers, "Choose …" for choices: the question's own label in lowercase
/// keeps the message specific.
fn missing(question: &Question) -> Refusal {
    let lower = |label: &str| {
        let mut chars = label.chars();
        chars
            .next()
            .map(|first| first.to_lowercase().chain(chars).collect::<String>())
            .unwrap_or_default()
    };
    match question.kind {
        Kind::Choices(_) => Refusal::new(
            format!("Hãy chọn ít nhất một mục: {}", lower(question.label.vi)),
            format!("Choose at least one: {}", lower(question.label.en)),
        ),
        Kind::Choice(_) | Kind::Document(_) => Refusal::new(
            format!("Hãy chọn {}", lower(question.label.vi)),
            format!("Choose {}", lower(question.label.en)),
        ),
        _ => Refusal::new(
            format!("Hãy nhập {}", lower(question.label.vi)),
            format!("Enter {}", lower(question.label.en)),
        ),
    }
}

/// Several choices, posted joined by commas: each must be offered; they are stored once each, in
/// the order they are offered, so the same choice always reads the same.
fn several(
    question: &Question,
    options: super::Options,
    value: &str,
    context: &Context,
) -> Result<String, Refusal> {
    let offered = options.choices(context, Lang::Vi);
    let posted: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if posted.is_empty()
        || posted
            .iter()
            .any(|part| !offered.iter().any(|choice| choice.value == *part))
    {
        return Err(missing(question));
    }
    Ok(offered
        .iter()
        .filter(|choice| posted.contains(&choice.value.as_str()))
        .map(|choice| choice.value.as_str())
        .collect::<Vec<_>>()
        .join(","))
}

fn text(value: &str, max_chars: usize) -> Result<String, Refusal> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(Refusal::new(
            format!("Tối đa {max_chars} ký tự (bạn đã nhập {count})"),
            format!("Use {max_chars} characters or fewer (you entered {count})"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Refusal::new(
            "Nội dung chứa ký tự không hợp lệ",
            "The text contains characters that are not allowed",
        ));
    }
    // Every line end is stored as LF, so a stored answer checks as itself (a lone CR included).
    Ok(value.replace("\r\n", "\n").replace('\r', "\n"))
}

fn person_name(value: &str, max_chars: usize) -> Result<String, Refusal> {
    let name = text(value, max_chars)?;
    let allowed = |c: char| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-');
    if name.chars().all(allowed) && name.chars().any(char::is_alphabetic) {
        Ok(name.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Err(Refusal::new(
            "Tên chỉ gồm chữ cái (có dấu), khoảng trắng, dấu nháy đơn hoặc gạch nối",
            "A name may contain only letters (with accents), spaces, apostrophes and hyphens",
        ))
    }
}

fn date(value: &str, past: bool, future: bool, today: Date) -> Result<String, Refusal> {
    let parsed = Date::parse(value, format_description!("[year]-[month]-[day]"))
        .or_else(|_| Date::parse(value, format_description!("[day]/[month]/[year]")))
        .map_err(|_| {
            Refusal::new(
                "Ngày phải có dạng ngày/tháng/năm, ví dụ 27/11/2026",
                "The date must be a real date, for example 27/11/2026",
            )
        })?;
    if past && parsed > today {
        return Err(Refusal::new(
            "Ngày phải là hôm nay hoặc trước đó",
            "The date must be today or in the past",
        ));
    }
    if future && parsed < today {
        return Err(Refusal::new(
            "Ngày phải là hôm nay hoặc sau đó",
            "The date must be today or in the future",
        ));
    }
    if parsed.year() < 1900 || parsed.year() > 2200 {
        return Err(Refusal::new(
            "Năm phải từ 1900 đến 2200",
            "The year must be between 1900 and 2200",
        ));
    }
    Ok(parsed
        .format(format_description!("[year]-[month]-[day]"))
        .expect("formattable date"))
}

fn number(value: &str, min: i64, max: i64) -> Result<String, Refusal> {
    let compact: String = value
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    match compact.parse::<i64>() {
        Ok(number) if (min..=max).contains(&number) => Ok(number.to_string()),
        _ => Err(Refusal::new(
            format!("Hãy nhập một số nguyên từ {min} đến {max}"),
            format!("Enter a whole number from {min} to {max}"),
        )),
    }
}

fn personal_id(value: &str) -> Result<String, Refusal> {
    PersonalId::parse(value)
        .map(|id| id.as_str().to_string())
        .map_err(|error| match error {
            PersonalIdError::Shape => Refusal::new(
                "Số định danh cá nhân gồm đúng 12 chữ số",
                "A personal ID number has exactly 12 digits",
            ),
            PersonalIdError::UnknownProvince => Refusal::new(
                "Ba chữ số đầu của số định danh không phải mã tỉnh, thành phố",
                "The first three digits are not a province code",
            ),
            PersonalIdError::Century | PersonalIdError::Mismatch => Refusal::new(
                "Chữ số thứ tư của số định danh không hợp lệ",
                "The fourth digit of the personal ID number is not valid",
            ),
        })
}

fn code(value: &str, rules: CodeRules) -> Result<String, Refusal> {
    let compact = (rules.normalise)(value);
    if (rules.is_valid)(&compact) {
        Ok(compact)
    } else {
        Err(rules.refusal.into())
    }
}

fn phone(value: &str) -> Result<String, Refusal> {
    let digits: String = value
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let national = digits
        .strip_prefix("+84")
        .map(|rest| format!("0{rest}"))
        .unwrap_or(digits);
    if national.len() == 10
        && national.starts_with('0')
        && national.bytes().all(|b| b.is_ascii_digit())
    {
        Ok(national)
    } else {
        Err(Refusal::new(
            "Số điện thoại gồm 10 chữ số, ví dụ 0912 345 678",
            "A phone number has 10 digits, for example 0912 345 678",
        ))
    }
}

fn email(value: &str) -> Result<String, Refusal> {
    let valid = value.len() <= 254
        && value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !value.chars().any(char::is_whitespace);
    if valid {
        Ok(value.to_ascii_lowercase())
    } else {
        Err(Refusal::new(
            "Địa chỉ thư điện tử có dạng ten@vidu.vn",
            "An email address looks like name@example.vn",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Options;
    use crate::text::Text;
    use time::macros::date;

    fn question(kind: Kind, optional: bool) -> Question {
        Question {
            id: "q",
            label: Text::new("Họ và tên", "Full name"),
            hint: None,
            kind,
            optional,
        }
    }

    fn run(kind: Kind, raw: &str) -> Result<String, Refusal> {
        check(
            &question(kind, false),
            Some(raw),
            &Context::default(),
            date!(2026 - 11 - 27),
        )
    }

    #[test]
    fn missing_answers_are_named_and_optional_ones_pass() {
        let refusal = run(Kind::Text { max_chars: 10 }, "  ").unwrap_err();
        assert_eq!(refusal.vi, "Hãy nhập họ và tên");
        assert_eq!(refusal.en, "Enter full name");
        let optional = question(Kind::Text { max_chars: 10 }, true);
        assert_eq!(
            check(&optional, None, &Context::default(), date!(2026 - 11 - 27)),
            Ok(String::new())
        );
    }

    #[test]
    fn each_kind_normalises_good_input_and_states_the_rule_for_bad_input() {
        assert!(run(Kind::Text { max_chars: 5 }, "Nguyễn Văn A")
            .unwrap_err()
            .en
            .contains("5 characters"));
        assert_eq!(
            run(
                Kind::Date {
                    past: true,
                    future: false
                },
                "05/06/1990"
            )
            .unwrap(),
            "1990-06-05"
        );
        assert!(run(
            Kind::Date {
                past: true,
                future: false
            },
            "2027-01-01"
        )
        .is_err());
        assert!(run(
            Kind::Date {
                past: false,
                future: false
            },
            "31/02/2020"
        )
        .is_err());
        assert_eq!(run(Kind::Number { min: 1, max: 10 }, "7").unwrap(), "7");
        assert!(run(Kind::Number { min: 1, max: 10 }, "11")
            .unwrap_err()
            .en
            .contains("1 to 10"));
        assert_eq!(
            run(Kind::PersonalId, "079 203 001 234").unwrap(),
            "079203001234"
        );
        assert!(run(Kind::PersonalId, "12345")
            .unwrap_err()
            .en
            .contains("12 digits"));
        let plate = Kind::Code(crate::definitions::common::PLATE);
        assert_eq!(run(plate, "29a-123.45").unwrap(), "29A12345");
        assert!(run(plate, "ABC").is_err());
        assert_eq!(run(Kind::Phone, "+84 912 345 678").unwrap(), "0912345678");
        assert!(run(Kind::Email, "a@b").is_err());
        assert!(run(Kind::Text { max_chars: 50 }, "tab\u{0}null").is_err());
        assert_eq!(
            run(Kind::PersonName { max_chars: 50 }, "  Ánh   Dương ").unwrap(),
            "Ánh Dương"
        );
        assert_eq!(
            run(Kind::PersonName { max_chars: 50 }, "H'Hen").unwrap(),
            "H'Hen"
        );
        assert!(run(Kind::PersonName { max_chars: 50 }, "Bé 2")
            .unwrap_err()
            .en
            .contains("only letters"));
        assert!(run(Kind::PersonName { max_chars: 50 }, "<script>").is_err());
    }

    #[test]
    fn several_choices_are_kept_once_each_in_the_order_offered() {
        const OPTIONS: Options = Options::Fixed(&[
            ("a", Text::new("A", "A")),
            ("b", Text::new("B", "B")),
            ("c", Text::new("C", "C")),
        ]);
        assert_eq!(run(Kind::Choices(OPTIONS), "c,a,c").unwrap(), "a,c");
        assert!(run(Kind::Choices(OPTIONS), "a,z")
            .unwrap_err()
            .en
            .starts_with("Choose at least one"));
        assert!(run(Kind::Choices(OPTIONS), ",").is_err());
    }
}
