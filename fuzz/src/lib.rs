//! What the fuzz targets share: a fixed "today", one question of any kind, a citizen's registry
//! data to build choices from, answers that are plausible often enough to get past the first
//! check, and the properties every accepted answer must have.

use domain::definitions::common::{display_date, display_vnd, parse_date};
use domain::engine::validation::{self, Refusal};
use domain::engine::{documents, Answers, Context, Definition, Kind, Question};
use domain::personal_id::{PersonalId, Sex};
use domain::provinces::PROVINCES;
use domain::text::{Lang, Text};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use serde_json::Value;
use time::macros::date;
use time::Date;

/// The date the sample registry data and the checks are written for; the server puts the real
/// date in every draft's context, and a fixed one keeps every failure reproducible.
pub const TODAY: Date = date!(2026 - 11 - 27);

/// One question of `kind`, as a definition would declare it.
pub fn question(kind: Kind, optional: bool) -> Question {
    Question {
        id: "q",
        label: Text::new("Câu hỏi", "Question"),
        hint: None,
        kind,
        optional,
    }
}

/// The server's check of one posted answer, with the sample context and [`TODAY`].
pub fn check(kind: Kind, raw: &str) -> std::result::Result<String, Refusal> {
    validation::check(&question(kind, false), Some(raw), &sample_context(), TODAY)
}

/// Registry answers for one synthetic citizen, shaped as the registry's API returns them, so
/// that questions whose choices come from the registry have something to offer.
pub const SAMPLE_CONTEXT: &str = r#"{
  "today": "2026-11-27",
  "person": {
    "personal_id": "079090001234", "full_name": "Nguyễn Văn An", "surname": "Nguyễn",
    "middle_name": "Văn", "given_name": "An", "date_of_birth": "1990-06-05", "sex": "male",
    "place_of_birth": "TP Hồ Chí Minh", "home_town": "Huế", "ethnicity": "Kinh",
    "religion": "Không", "nationality": "Việt Nam", "marital_status": "married",
    "old_id_number": "025123456", "tax_code": "8012345678", "phone": "0912345678",
    "father_id": "079060001111", "mother_id": "079162002222", "household_id": 7,
    "permanent_residence": { "province_code": 79, "province_name": "TP Hồ Chí Minh",
      "commune": "Phường Bến Nghé", "street": "12 Lê Lợi", "full": "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh" },
    "temporary_residence": null
  },
  "household": {
    "household_id": 7, "residence_file_number": "HS-79-000007", "head_id": "079090001234",
    "address": { "province_code": 79, "province_name": "TP Hồ Chí Minh", "commune": "Phường Bến Nghé",
      "street": "12 Lê Lợi", "full": "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh" },
    "members": [
      { "personal_id": "079090001234", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-06-05", "sex": "male", "relation_label": "Chủ hộ", "relation_to_head": "head" },
      { "personal_id": "079192002345", "full_name": "Trần Thị Bình", "date_of_birth": "1992-03-04", "sex": "female", "relation_label": "Vợ", "relation_to_head": "wife" },
      { "personal_id": "079222003456", "full_name": "Nguyễn Văn Cường", "date_of_birth": "2022-01-02", "sex": "male", "relation_label": "Con", "relation_to_head": "child" },
      { "personal_id": "079215004567", "full_name": "Nguyễn Thị Dung", "date_of_birth": "2015-08-09", "sex": "female", "relation_label": "Con", "relation_to_head": "child" }
    ]
  },
  "relatives": {
    "father": { "personal_id": "079060001111", "full_name": "Nguyễn Văn Ba", "date_of_birth": "1960-01-01", "sex": "male", "alive": false, "date_of_death": "2026-11-20" },
    "mother": { "personal_id": "079162002222", "full_name": "Lê Thị Tư", "date_of_birth": "1962-02-02", "sex": "female", "alive": true },
    "spouse": { "personal_id": "079192002345", "full_name": "Trần Thị Bình", "date_of_birth": "1992-03-04", "sex": "female", "alive": true },
    "children": [
      { "personal_id": "079222003456", "full_name": "Nguyễn Văn Cường", "date_of_birth": "2022-01-02", "sex": "male", "alive": true }
    ]
  },
  "licences": [
    { "licence_number": "790000000001", "status": "active", "validity": "expiring_soon",
      "expires_on": "2027-01-10", "classes": [{ "code": "OldB2" }, { "code": "OldA1" }] }
  ],
  "health_checks": [
    { "result": "fit", "valid_until": "2027-10-01", "class_group": "car", "signature_valid": true,
      "examined_on": "2026-10-01", "facility_name": "Bệnh viện Chợ Rẫy" }
  ],
  "birth_notices": [
    { "notice_number": "GCS-79-0001", "child_sex": "female", "date_of_birth": "2026-11-20",
      "place": "Bệnh viện Từ Dũ", "mother_id": "079192002345", "father_id": "079090001234",
      "father_name": "Nguyễn Văn An", "registered": false }
  ],
  "insurance_cards": [
    { "card_number": "GD4797912345678", "group_code": "GD", "valid_to": "2026-12-31" }
  ],
  "marriages": [],
  "vehicles": [ { "plate": "59A-123.45", "model": "Honda Wave" } ],
  "fines": [
    { "fine_id": "PN-1", "plate": "59A-123.45", "offence": "Vượt đèn đỏ", "amount_vnd": 4000000,
      "detected_at": "2026-10-01T08:00:00", "place": "Ngã tư Sở", "paid": false }
  ],
  "electricity_contracts": [
    { "contract_number": "PE79000000042", "address": "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh", "customer_code": "PE79000000042" }
  ]
}"#;

pub fn sample_context() -> Context {
    serde_json::from_str(SAMPLE_CONTEXT).expect("the sample context is valid JSON")
}

/// A raw answer for `question` as a form might post it: often a well-formed one (so the fuzzer
/// reaches what lies behind the first check), otherwise anything at all.
pub fn raw_answer(u: &mut Unstructured, question: &Question, context: &Context) -> Result<String> {
    if u.ratio(1, 4)? {
        return Ok(String::from(u.arbitrary::<&str>()?));
    }
    let digits = |u: &mut Unstructured, count: usize| -> Result<String> {
        (0..count)
            .map(|_| Ok(char::from(b'0' + u.int_in_range(0..=9)?)))
            .collect()
    };
    Ok(match question.kind {
        Kind::Text { max_chars } | Kind::LongText { max_chars } => {
            let text = u.arbitrary::<&str>()?;
            text.chars().take(max_chars + 1).collect()
        }
        Kind::PersonName { .. } => u
            .choose(&[
                "Nguyễn Văn An",
                "  Ánh   Dương ",
                "H'Hen Niê",
                "Lê-Thị",
                "Bé 2",
            ])?
            .to_string(),
        Kind::Date { .. } => {
            let day = Date::from_julian_day(u.int_in_range(2_300_000..=2_600_000)?)
                .expect("a julian day within time's range");
            if u.arbitrary()? {
                day.to_string()
            } else {
                format!(
                    "{:02}/{:02}/{}",
                    day.day(),
                    u8::from(day.month()),
                    day.year()
                )
            }
        }
        Kind::Number { min, max } => {
            let number = u.int_in_range(min.saturating_sub(2)..=max.saturating_add(2))?;
            match (number >= 0, u.arbitrary::<bool>()?) {
                // The way amounts are printed (135.000) is also how people type them.
                (true, true) => display_vnd(number as u64)
                    .trim_end_matches(" đ")
                    .to_string(),
                _ => number.to_string(),
            }
        }
        Kind::Choice(options) => {
            let choices = options.choices(context, Lang::Vi);
            match u.choose(&choices) {
                Ok(choice) => choice.value.clone(),
                Err(_) => String::new(),
            }
        }
        Kind::Choices(options) => {
            let choices = options.choices(context, Lang::Vi);
            let mut picked = Vec::new();
            for choice in &choices {
                if u.arbitrary()? {
                    picked.push(choice.value.as_str());
                }
            }
            picked.join(*u.choose(&[",", ", ", ",,"])?)
        }
        Kind::Document(_) => format!("doc-{}/{}", digits(u, 4)?, u.arbitrary::<&str>()?),
        Kind::PersonalId => {
            let province = u.choose(&PROVINCES)?.code;
            let sex = if u.arbitrary()? {
                Sex::Male
            } else {
                Sex::Female
            };
            let year = u.int_in_range(1900..=2199)?;
            let serial = u.int_in_range(0..=999_999)?;
            let id = PersonalId::compose(province, sex, year, serial).to_string();
            if u.arbitrary()? {
                format!("{} {} {} {}", &id[..3], &id[3..6], &id[6..9], &id[9..])
            } else {
                id
            }
        }
        // Characters a code of its kind is made of, with the separators people type.
        Kind::Code(rules) => {
            let alphabet: &[u8] = if rules.numeric {
                b"0123456789 "
            } else {
                b"0123456789ABCDEFGHKLMNPSTUVXYZabc-. "
            };
            let length = u.int_in_range(1..=rules.input_chars)?;
            (0..length)
                .map(|_| Ok(char::from(*u.choose(alphabet)?)))
                .collect::<Result<String>>()?
        }
        Kind::Phone => {
            let number = digits(u, 8)?;
            if u.arbitrary()? {
                format!("+84 9{number}")
            } else {
                format!("09{number}")
            }
        }
        Kind::Email => format!("{}@example.vn", u.arbitrary::<&str>()?),
    })
}

/// What a field shows for a stored answer when the page is shown again; mirrors
/// `app::journey::display_value`, which the fuzz crate cannot depend on (it pulls in Leptos).
pub fn display_value(question: &Question, stored: &str) -> String {
    match question.kind {
        Kind::Date { .. } => display_date(stored, Lang::Vi),
        Kind::Document(_) => documents::shown_name(stored).to_string(),
        _ => stored.to_string(),
    }
}

/// Checks `raw` for `question` and, when it is accepted, asserts what the rest of the portal
/// relies on: the stored value is in its kind's canonical form, checking it again changes
/// nothing, a page showing it can post it back unchanged, and the check-your-answers page can
/// name it in both languages. Returns the value to store.
pub fn check_and_assert(question: &Question, raw: &str, context: &Context) -> Option<String> {
    let result = validation::check(question, Some(raw), context, TODAY);
    let value = match result {
        Ok(value) => value,
        Err(refusal) => {
            assert!(
                !refusal.vi.is_empty() && !refusal.en.is_empty(),
                "a refusal says why in both languages"
            );
            return None;
        }
    };
    if raw.trim().is_empty() {
        assert!(question.optional, "an empty answer to a required question");
        assert_eq!(value, "", "an optional question left empty stores nothing");
        return Some(value);
    }
    assert!(
        !value.is_empty(),
        "an answer was accepted but stores nothing"
    );
    assert_eq!(value.trim(), value, "a stored answer is trimmed");
    assert_eq!(
        validation::check(question, Some(&value), context, TODAY).as_ref(),
        Ok(&value),
        "checking a stored answer again changes it ({raw:?})"
    );
    if !matches!(question.kind, Kind::Document(_)) {
        // A document field shows the file name, but a re-post keeps the stored file instead.
        let shown = display_value(question, &value);
        assert_eq!(
            validation::check(question, Some(&shown), context, TODAY).as_ref(),
            Ok(&value),
            "the field shows {shown:?} for the stored {value:?}, which does not post back as it"
        );
    }
    assert_kind_shape(question, &value, context);
    Some(value)
}

/// The canonical form of each kind of stored answer.
fn assert_kind_shape(question: &Question, value: &str, context: &Context) {
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    match question.kind {
        Kind::Text { max_chars } | Kind::LongText { max_chars } => {
            assert!(value.chars().count() <= max_chars, "longer than its limit");
            assert!(
                !value
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')),
                "a control character was stored: {value:?}"
            );
            assert!(!value.contains("\r\n"), "line ends are stored as \\n");
        }
        Kind::PersonName { max_chars } => {
            assert!(value.chars().count() <= max_chars, "longer than its limit");
            assert!(value.chars().any(char::is_alphabetic));
            assert!(value
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-')));
            assert!(!value.contains("  "), "spaces in a name are collapsed");
        }
        Kind::Date { past, future } => {
            let day = parse_date(value).expect("a stored date reads back");
            assert_eq!(day.to_string(), value, "dates are stored as YYYY-MM-DD");
            assert!((1900..=2200).contains(&day.year()));
            assert!(
                !past || day <= TODAY,
                "a future date where only past ones go"
            );
            assert!(
                !future || day >= TODAY,
                "a past date where only future ones go"
            );
        }
        Kind::Number { min, max } => {
            let number: i64 = value.parse().expect("a stored number reads back");
            assert!((min..=max).contains(&number));
            assert_eq!(number.to_string(), value, "numbers are stored plainly");
        }
        Kind::Choice(options) => {
            for lang in Lang::ALL {
                assert!(
                    options
                        .choices(context, lang)
                        .iter()
                        .any(|choice| choice.value == value),
                    "a stored choice that the {lang:?} page cannot name"
                );
            }
        }
        Kind::Choices(options) => {
            let offered = options.choices(context, Lang::Vi);
            let parts: Vec<&str> = value.split(',').collect();
            let positions: Vec<usize> = parts
                .iter()
                .map(|part| {
                    offered
                        .iter()
                        .position(|choice| choice.value == *part)
                        .expect("every stored choice is offered")
                })
                .collect();
            assert!(
                positions.windows(2).all(|pair| pair[0] < pair[1]),
                "choices are stored once each, in the order offered: {value:?}"
            );
            let english = options.choices(context, Lang::En);
            assert!(
                parts
                    .iter()
                    .all(|part| english.iter().any(|choice| choice.value == *part)),
                "a stored choice that the English page cannot name"
            );
        }
        Kind::Document(_) => {}
        Kind::PersonalId => {
            let id = PersonalId::parse(value).expect("a stored ID number parses");
            assert_eq!(id.as_str(), value, "ID numbers are stored as 12 digits");
        }
        Kind::Code(rules) => {
            assert!((rules.is_valid)(value), "{value:?}");
            assert_eq!((rules.normalise)(value), value, "codes are stored cleaned");
        }
        Kind::Phone => {
            assert!(value.len() == 10 && value.starts_with('0') && all_digits(value));
        }
        Kind::Email => {
            assert!(value.len() <= 254 && value.contains('@'));
            assert!(!value.chars().any(char::is_whitespace));
            assert_eq!(value.to_ascii_lowercase(), value);
        }
    }
}

/// Answers for `definition` as the server would store them: each question's raw answer is
/// checked first, and only accepted values are kept; steps are completed in order.
pub fn answer_definition(
    u: &mut Unstructured,
    definition: &'static Definition,
    context: &Context,
) -> Result<Answers> {
    let mut answers = Answers::default();
    for step in definition.steps {
        for question in step.questions {
            let raw = raw_answer(u, question, context)?;
            if let Some(value) = check_and_assert(question, &raw, context) {
                answers.set(question.id, value);
            }
        }
        if let Some(validate) = step.validate {
            for (field, _) in validate(&answers, context) {
                assert!(
                    step.questions.iter().any(|question| question.id == field),
                    "{}: a refusal is shown beside {field:?}, which is not on step {:?}",
                    definition.slug(),
                    step.id
                );
            }
        }
        answers.complete(step.id);
    }
    Ok(answers)
}

/// Whether `value` holds a JSON float anywhere (their text form need not read back bit-exact).
pub fn has_float(value: &Value) -> bool {
    match value {
        Value::Number(number) => number.is_f64(),
        Value::Array(items) => items.iter().any(has_float),
        Value::Object(map) => map.values().any(has_float),
        _ => false,
    }
}
