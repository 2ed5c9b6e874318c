//! Money: amounts in VND as the portal prints them (135.000 đ), whole numbers as citizens type
//! them (a price of 15.000.000), and the fee each service computes from validated answers. The
//! domain has no parser of its own for printed amounts: the number check, which ignores the
//! dots, commas and spaces people group digits with, is the one that reads them back.

#![no_main]

use domain::definitions::{self, common::display_vnd};
use domain::engine::Kind;
use domain_fuzz::{answer_definition, check, check_and_assert, question, sample_context};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

/// Ranges of number questions: the amounts of money and counts the services ask for, and the
/// extremes.
const RANGES: [(i64, i64); 5] = [
    (0, i64::MAX),
    (i64::MIN, i64::MAX),
    (1, 5),
    (0, 10_000_000_000),
    (-10, 10),
];

fuzz_target!(|data: &[u8]| {
    if let Ok(typed) = std::str::from_utf8(data) {
        typed_number(typed);
    }
    let _ = printed_amount(&mut Unstructured::new(data));
    let _ = fee(&mut Unstructured::new(data));
});

/// A printed amount reads back as the amount it was printed from.
fn printed_amount(u: &mut Unstructured) -> Result<()> {
    let amount: u64 = u.arbitrary()?;
    let printed = display_vnd(amount);
    let number = printed.strip_suffix(" đ").expect("ends with the đồng sign");
    // Groups of three from the right, separated by dots; the first has one to three digits.
    let groups: Vec<&str> = number.split('.').collect();
    assert!((1..=3).contains(&groups[0].len()), "{printed}");
    assert!(
        groups[1..].iter().all(|group| group.len() == 3),
        "{printed}"
    );
    assert!(groups
        .iter()
        .all(|group| group.bytes().all(|b| b.is_ascii_digit())));
    assert_eq!(groups.concat(), amount.to_string());
    let read = check(
        Kind::Number {
            min: 0,
            max: i64::MAX,
        },
        number,
    );
    match i64::try_from(amount) {
        Ok(small) => assert_eq!(read, Ok(small.to_string()), "{printed} does not read back"),
        Err(_) => assert!(read.is_err(), "{printed} is beyond any number question"),
    }
    Ok(())
}

/// A typed number that is accepted is the typed digits, in range, stored plainly.
fn typed_number(typed: &str) {
    let compact: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' '))
        .collect();
    let (negative, digits) = match compact.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, compact.strip_prefix('+').unwrap_or(&compact)),
    };
    let by_hand = (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse::<i128>().ok())
        .flatten()
        .map(|magnitude| if negative { -magnitude } else { magnitude });
    for (min, max) in RANGES {
        let question = question(Kind::Number { min, max }, false);
        let stored = check_and_assert(&question, typed, &sample_context());
        let expected = by_hand
            .filter(|number| (i128::from(min)..=i128::from(max)).contains(number))
            .map(|number| number.to_string());
        assert_eq!(stored, expected, "{typed:?} in {min}..={max}");
    }
}

/// The fee for answers the server would have stored is printable and reads back; when there is
/// one, it is something to pay.
fn fee(u: &mut Unstructured) -> Result<()> {
    let definition = *u.choose(definitions::all())?;
    let mut context = sample_context();
    // The one fee the registry sets: the amount of a fine.
    let amount: u64 = u.int_in_range(1..=u64::MAX)?;
    context.insert(
        "fines",
        json!([{ "fine_id": "PN-1", "plate": "59A-123.45", "offence": "Vượt đèn đỏ",
                 "amount_vnd": amount, "detected_at": "2026-10-01T08:00:00", "paid": false }]),
    );
    let answers = answer_definition(u, definition, &context)?;
    let Some(fee) = (definition.fee)(&answers, &context) else {
        return Ok(());
    };
    assert!(fee > 0, "{}: a fee of 0 đ", definition.slug());
    let printed = display_vnd(fee);
    let digits: String = printed.chars().filter(char::is_ascii_digit).collect();
    assert_eq!(digits.parse::<u64>(), Ok(fee), "{printed}");
    if definition.slug() == "traffic-fines" {
        assert_eq!(fee, amount, "the fee is the fine, nothing more");
    }
    Ok(())
}
