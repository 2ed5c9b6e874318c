//! Dates: what a citizen types into a date field (27/11/2026 or 2026-11-27), how a stored date
//! is shown again, the "within N years of today" comparison on stored dates, and ages in
//! completed years. The input is read as typed text and as two days for the age rules.

#![no_main]

use domain::age::completed_years;
use domain::definitions::common::{display_date, parse_date, within_years_of_today};
use domain::engine::validation::{check, Refusal};
use domain::engine::{Answers, Context, Kind};
use domain::text::Lang;
use domain_fuzz::question;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use time::macros::date;
use time::{Date, Month};

/// Days to judge against: an ordinary one, a leap day, and both ends of the accepted years.
const TODAYS: [Date; 4] = [
    date!(2026 - 11 - 27),
    date!(2000 - 02 - 29),
    date!(1900 - 01 - 01),
    date!(2200 - 12 - 31),
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fuzz_target!(|data: &[u8]| {
    if let Ok(typed) = std::str::from_utf8(data) {
        for today in TODAYS {
            typed_date(typed, today);
            within_years(typed, today);
        }
        shown_date(typed);
    }
    let _ = ages(&mut Unstructured::new(data));
});

fn date_check(
    typed: &str,
    past: bool,
    future: bool,
    today: Date,
) -> std::result::Result<String, Refusal> {
    let question = question(Kind::Date { past, future }, false);
    check(&question, Some(typed), &Context::default(), today)
}

fn typed_date(typed: &str, today: Date) {
    let any = date_check(typed, false, false, today);
    for (past, future) in [(false, false), (true, false), (false, true), (true, true)] {
        let Ok(stored) = date_check(typed, past, future, today) else {
            continue;
        };
        let day = parse_date(&stored).expect("a stored date reads back");
        assert_eq!(day.to_string(), stored, "stored as YYYY-MM-DD");
        assert!((1900..=2200).contains(&day.year()), "{stored}");
        assert!(!past || day <= today, "{stored} is after {today}");
        assert!(!future || day >= today, "{stored} is before {today}");
        // A constraint only ever refuses more.
        assert_eq!(any.as_ref(), Ok(&stored));
        // The stored value checks as itself, and so does the way the field shows it again.
        assert_eq!(date_check(&stored, past, future, today), Ok(stored.clone()));
        let shown = display_date(&stored, Lang::Vi);
        assert_eq!(
            shown,
            format!(
                "{:02}/{:02}/{}",
                day.day(),
                u8::from(day.month()),
                day.year()
            )
        );
        assert_eq!(
            date_check(&shown, past, future, today),
            Ok(stored.clone()),
            "{shown:?} does not post back as {stored:?}"
        );
        let english = display_date(&stored, Lang::En);
        let month = MONTHS_EN[usize::from(u8::from(day.month())) - 1];
        assert_eq!(english, format!("{} {month} {}", day.day(), day.year()));
    }
    if let Ok(stored) = &any {
        let day = parse_date(stored).unwrap();
        if day <= today {
            assert_eq!(date_check(typed, true, false, today).as_ref(), Ok(stored));
        }
        if day >= today {
            assert_eq!(date_check(typed, false, true, today).as_ref(), Ok(stored));
        }
    }
    // Read independently of the time crate: a real date in either documented form, in the
    // accepted years, is never refused.
    if let Some(day) = read_by_hand(typed.trim()) {
        if (1900..=2200).contains(&day.year()) {
            assert_eq!(any, Ok(day.to_string()), "{typed:?} was refused");
        }
    }
}

/// `YYYY-MM-DD` or `DD/MM/YYYY`, all digits, as a calendar date.
fn read_by_hand(text: &str) -> Option<Date> {
    let number = |part: &str| -> Option<u16> {
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = match (text.len(), text.as_bytes()) {
        (10, [_, _, _, _, b'-', _, _, b'-', _, _]) => (&text[..4], &text[5..7], &text[8..]),
        (10, [_, _, b'/', _, _, b'/', _, _, _, _]) => (&text[6..], &text[3..5], &text[..2]),
        _ => return None,
    };
    let month = Month::try_from(u8::try_from(number(month)?).ok()?).ok()?;
    let day = u8::try_from(number(day)?).ok()?;
    Date::from_calendar_date(i32::from(number(year)?), month, day).ok()
}

/// A stored date compared with "today plus N years" as text must agree with the calendar.
fn within_years(stored: &str, today: Date) {
    let mut answers = Answers::default();
    answers.set("d", stored.to_string());
    let mut context = Context::default();
    context.insert("today", json!(today.to_string()));
    for years in [0, 1, 5] {
        let within = within_years_of_today(&answers, &context, "d", years);
        let Some(day) = parse_date(stored).filter(|day| day.to_string() == stored) else {
            continue;
        };
        let limit = (today.year() + years, today.month() as u8, today.day());
        let expected = (day.year(), day.month() as u8, day.day()) <= limit;
        assert_eq!(within, expected, "{stored} within {years} years of {today}");
    }
}

/// Whatever the registry sends as a date, showing it never fails, and a real date shows as
/// people write it.
fn shown_date(text: &str) {
    let vi = display_date(text, Lang::Vi);
    let en = display_date(text, Lang::En);
    if let Some(day) = parse_date(text) {
        assert_eq!(parse_date(&day.to_string()), Some(day));
        // Years the registry holds have four digits (the time crate also reads signed ones).
        if day.to_string() == text && text.len() == 10 {
            let (year, month, day) = (&text[..4], &text[5..7], &text[8..]);
            assert_eq!(vi, format!("{day}/{month}/{year}"));
            assert!(en.ends_with(&format!(" {year}")), "{en}");
        }
    }
}

/// Completed years count the birthdays reached, a 29 February birthday falling on 1 March in
/// common years, and grow by at most one a day.
fn ages(u: &mut Unstructured) -> Result<()> {
    // 1800-01-01 to 2300-12-31, as Julian day numbers.
    let mut day = || -> Result<Date> {
        Ok(Date::from_julian_day(u.int_in_range(2_378_497..=2_561_481)?).unwrap())
    };
    let (birth, on) = (day()?, day()?);
    let age = completed_years(birth, on);
    let birthday = Date::from_calendar_date(on.year(), birth.month(), birth.day())
        .unwrap_or_else(|_| Date::from_calendar_date(on.year(), Month::March, 1).unwrap());
    let expected = on.year() - birth.year() - i32::from(on < birthday);
    assert_eq!(age, expected, "born {birth}, on {on}");
    assert_eq!(completed_years(birth, birth), 0);
    assert_eq!(age >= 0, on >= birth, "born {birth}, on {on}");
    let next = completed_years(birth, on.next_day().unwrap());
    assert!(
        next == age || next == age + 1,
        "born {birth}: {age} on {on}, {next} the day after"
    );
    Ok(())
}
