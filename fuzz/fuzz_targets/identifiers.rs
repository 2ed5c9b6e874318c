//! Identifiers a citizen types or the registry sends: personal ID numbers, old ID card numbers,
//! driving-licence numbers, health-insurance card numbers, number plates and province codes.
//! The input is read twice: as text typed into a form, and as the parts an identifier is
//! composed from.

#![no_main]

use domain::definitions::common::PLATE;
use domain::definitions::driving_licence::LICENCE_NUMBER;
use domain::engine::Kind;
use domain::insurance::{compose_card_number, is_valid_card_number, GROUP_CODES};
use domain::licence::{is_valid_licence_number, normalise_licence_number};
use domain::personal_id::{is_valid_cmnd, PersonalId, PersonalIdError, Sex};
use domain::provinces::{by_code, PROVINCES};
use domain_fuzz::check;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(typed) = std::str::from_utf8(data) {
        personal_id(typed);
        cmnd(typed);
        licence_number(typed);
        insurance_card(typed);
        plate(typed);
    }
    // Composing needs the parts' preconditions met; running out of bytes is no failure.
    let _ = composed(&mut Unstructured::new(data));
});

fn personal_id(typed: &str) {
    let digits: String = typed.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
    let parsed = PersonalId::parse(typed);
    // The registry's JSON goes through serde, which must agree with the form's parser.
    let from_json: Option<PersonalId> = serde_json::from_value(typed.into()).ok();
    assert_eq!(parsed.clone().ok(), from_json, "serde and parse disagree");
    let shape_ok = digits.len() == 12 && digits.bytes().all(|b| b.is_ascii_digit());
    let id = match parsed {
        Ok(id) => id,
        Err(PersonalIdError::Shape) => return assert!(!shape_ok, "{typed:?}"),
        Err(PersonalIdError::UnknownProvince) => {
            assert!(shape_ok);
            return assert!(by_code(digits[..3].parse().unwrap()).is_none());
        }
        Err(PersonalIdError::Century) => return assert!(shape_ok),
        Err(PersonalIdError::Mismatch) => panic!("parse never judges a holder"),
    };
    // What is stored and shown is the typed digits without separators, and it reads back.
    assert_eq!(id.as_str(), digits);
    assert_eq!(id.to_string(), digits);
    assert_eq!(PersonalId::parse(&id.to_string()), Ok(id.clone()));
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, format!("\"{digits}\""));
    assert_eq!(serde_json::from_str::<PersonalId>(&json).unwrap(), id);
    // The readers are the inverse of compose.
    let province = id.province_code();
    assert!(by_code(province).is_some());
    let year = id.birth_year();
    assert!((1900..2300).contains(&year), "birth year {year}");
    let serial: u32 = digits[6..].parse().unwrap();
    assert_eq!(PersonalId::compose(province, id.sex(), year, serial), id);
    assert!(id.check_holder(year, id.sex()).is_ok());
    assert_eq!(
        id.check_holder(year + 1, id.sex()),
        Err(PersonalIdError::Mismatch)
    );
    let masked = id.masked();
    assert_eq!(masked.len(), 12);
    assert!(masked.starts_with(&digits[..6]) && masked.ends_with("******"));
    // The form's check stores exactly the parsed number.
    assert_eq!(check(Kind::PersonalId, typed).ok(), Some(digits));
}

fn cmnd(typed: &str) {
    if is_valid_cmnd(typed) {
        assert!(matches!(typed.len(), 9 | 12));
        assert!(typed.bytes().all(|b| b.is_ascii_digit()));
    }
}

fn licence_number(typed: &str) {
    let compact = normalise_licence_number(typed);
    assert_eq!(normalise_licence_number(&compact), compact, "idempotent");
    assert!(!compact.chars().any(char::is_whitespace));
    if is_valid_licence_number(&compact) {
        assert!(compact.len() == 12 && compact.bytes().all(|b| b.is_ascii_digit()));
        let province: u16 = compact[..2].parse().unwrap();
        assert!(PROVINCES.iter().any(|p| p.code % 100 == province));
    }
    // The form trims first, then normalises; what it stores is a valid number.
    let checked = check(Kind::Code(LICENCE_NUMBER), typed);
    if let Ok(stored) = &checked {
        assert!(is_valid_licence_number(stored));
        assert_eq!(*stored, normalise_licence_number(typed.trim()));
    }
    if is_valid_licence_number(&compact) {
        assert_eq!(checked.as_ref(), Ok(&compact), "a valid number was refused");
    }
}

fn insurance_card(typed: &str) {
    if !is_valid_card_number(typed) {
        return;
    }
    let compact: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(compact.len(), 15);
    assert!(is_valid_card_number(&compact));
    // A valid number is exactly what compose makes of its parts.
    let group = &compact[..2];
    assert!(GROUP_CODES.contains(&group));
    let level = compact.as_bytes()[2] - b'0';
    let province: u16 = compact[3..5].parse().unwrap();
    let social: u64 = compact[5..].parse().unwrap();
    assert_eq!(compose_card_number(group, level, province, social), compact);
}

fn plate(typed: &str) {
    let Ok(stored) = check(Kind::Code(PLATE), typed) else {
        return;
    };
    let expected: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_uppercase();
    assert_eq!(stored, expected);
    assert_eq!(
        check(Kind::Code(PLATE), &stored),
        Ok(stored.clone()),
        "idempotent"
    );
    // Two province digits, a series letter, an optional digit, then four or five digits.
    let bytes = stored.as_bytes();
    assert!(bytes[..2].iter().all(u8::is_ascii_digit));
    assert!(bytes[2].is_ascii_uppercase());
    assert!(bytes[3..].iter().all(u8::is_ascii_digit));
    assert!((4..=6).contains(&(bytes.len() - 3)));
}

/// Identifiers built from parts read back as those parts.
fn composed(u: &mut Unstructured) -> Result<()> {
    let code: u16 = u.arbitrary()?;
    if let Some(province) = by_code(code) {
        assert_eq!(province.code, code);
        assert!(!province.name.is_empty());
    }
    let province = u.choose(&PROVINCES)?.code;
    let sex = if u.arbitrary()? {
        Sex::Male
    } else {
        Sex::Female
    };
    // The range compose accepts, and the one PersonalIdError::Century documents.
    let year = u.int_in_range(1900..=2299)?;
    let serial = u.int_in_range(0..=999_999)?;
    let id = PersonalId::compose(province, sex, year, serial);
    assert_eq!(
        PersonalId::parse(id.as_str()),
        Ok(id.clone()),
        "compose({province}, {sex:?}, {year}, {serial}) does not parse"
    );
    assert_eq!(
        (id.province_code(), id.sex(), id.birth_year()),
        (province, sex, year)
    );

    let group = *u.choose(&GROUP_CODES)?;
    let level = u.int_in_range(1..=5)?;
    let card_province: u16 = u.arbitrary()?;
    // Ten digits is the social-insurance number's size; compose does not check it.
    let social = u.int_in_range(0..=9_999_999_999)?;
    let card = compose_card_number(group, level, card_province, social);
    assert!(is_valid_card_number(&card), "{card}");
    assert_eq!(&card[3..5], format!("{:02}", card_province % 100));
    Ok(())
}
