//! The statutory processing time of each service and the deadline it sets for a case.
//!
//! The numbers are the ones each service's definition states to citizens in its `time_limit`
//! (`domain/src/definitions/<service>.rs`); the law named beside each is the one that definition
//! cites for the procedure. Where a definition states no number of days, the comment says so and
//! the table keeps what its text does say. Deadlines skip Saturdays and Sundays but not public
//! holidays: the holiday calendar is set each year by the government and is not modelled here,
//! so a deadline across Tết comes out earlier than the agency's real one.

use time::{macros::offset, Date, Duration, OffsetDateTime, Weekday};

/// How long an agency has to decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Working days after the day of receipt; 0 means the same working day.
    WorkingDays(u8),
    /// Calendar days after the day of receipt.
    CalendarDays(u8),
    /// No period counted from receipt (the exam calendar decides).
    NoFixedPeriod,
}

/// The limit of a service, or `None` for a slug the portal does not offer.
pub fn limit(service: &str) -> Option<Limit> {
    use Limit::{CalendarDays, NoFixedPeriod, WorkingDays};
    Some(match service {
        // "3 working days"; the definition cites no legal text.
        "confirm-old-id-number" => WorkingDays(3),
        // "7 working days"; Identity Law 2023 (art. 21, 24 and 38, as the definition cites).
        "id-card" => WorkingDays(7),
        // "7 working days"; Residence Law 2020, art. 20–22.
        "permanent-residence" => WorkingDays(7),
        // "3 working days"; Residence Law 2020 (the definition cites no article).
        "temporary-residence" => WorkingDays(3),
        // "1 working day"; Residence Law 2020, art. 31.
        "temporary-absence" => WorkingDays(1),
        // "Received at once": no number of days; Residence Law 2020, art. 30. Same day.
        "notify-stay" => WorkingDays(0),
        // "2 working days"; the definition cites Circular 60/2023/TT-BTC for the fee only.
        "motorbike-registration" => WorkingDays(2),
        // "Confirmed as soon as you pay": no number of days; same day.
        "traffic-fines" => WorkingDays(0),
        // "The same working day"; the definition cites no legal text.
        "birth-registration" => WorkingDays(0),
        // "The same working day"; Civil Status Law 2014 (art. 33 is the family's 15 days).
        "death-registration" => WorkingDays(0),
        // "3 working days"; the definition cites the Marriage and Family Law 2014 for the
        // conditions only.
        "marriage-registration" => WorkingDays(3),
        // "8 working days"; Exit and Entry Law 2019.
        "passport" => WorkingDays(8),
        // "3 working days"; the definition cites the Law on Enterprises 2020 for who needs a
        // seal only.
        "official-seal" => WorkingDays(3),
        // "3 working days"; the definition cites no legal text.
        "special-seal" => WorkingDays(3),
        // "3 working days (5 if checks are needed)"; no legal text cited. A case is received
        // with the 3 days: the longer period applies only once an officer orders checks.
        "newborn" => WorkingDays(3),
        // "5 working days"; the definition cites the Social Insurance Law 2024 (art. 86) for the
        // funeral allowance only.
        "death-bundle" => WorkingDays(5),
        // "5 working days"; the definition cites Decree 146/2018 (art. 7) for the contribution
        // only.
        "household-health-insurance" => WorkingDays(5),
        // "3 working days"; the definition cites Circular 86/2024 for the tax code only.
        "tax-registration" => WorkingDays(3),
        // "10 working days"; the definition cites no legal text.
        "land-title-change" => WorkingDays(10),
        // "5 working days"; the definition cites no legal text.
        "driving-licence" => WorkingDays(5),
        // "According to the exam calendar": no number of days and no legal text.
        "exam-registration" => NoFixedPeriod,
        // "10 working days"; Judicial Records Law 2009.
        "judicial-record" => WorkingDays(10),
        // "20 days", not working days; the definition cites no legal text.
        "unemployment-benefit" => CalendarDays(20),
        // "3 working days"; the definition cites no legal text.
        "electricity-connection" => WorkingDays(3),
        // "3 working days"; the definition cites no legal text.
        "electricity-contract-change" => WorkingDays(3),
        // "Confirmed as soon as you pay": no number of days; the definition cites the Law on
        // Health Insurance for the patient's share only. Same day.
        "hospital-fees" => WorkingDays(0),
        _ => return None,
    })
}

fn is_working_day(date: Date) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// The first working day on or after `date`.
fn on_or_after(mut date: Date) -> Date {
    while !is_working_day(date) {
        date = date.next_day().unwrap_or(date);
    }
    date
}

/// The last day the agency has for a case received at `received`, counted in Vietnam's date.
/// A case received on a Saturday or Sunday is counted from the Monday, as an office would; a
/// period in calendar days that ends on a weekend ends on the Monday.
pub fn deadline(limit: Limit, received: OffsetDateTime) -> Option<Date> {
    let day = received.to_offset(offset!(+7)).date();
    match limit {
        Limit::WorkingDays(days) => {
            let mut date = on_or_after(day);
            for _ in 0..days {
                date = on_or_after(date.next_day()?);
            }
            Some(date)
        }
        // A period that ends on a day off ends on the next working day instead (Civil Code
        // 2015, art. 148(5)); public holidays are not modelled, as above.
        Limit::CalendarDays(days) => day
            .checked_add(Duration::days(i64::from(days)))
            .map(on_or_after),
        Limit::NoFixedPeriod => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn every_registered_service_has_the_limit_its_definition_states() {
        for definition in domain::definitions::all() {
            let service = &definition.service;
            let stated = service.time_limit.en;
            match limit(service.slug).unwrap_or_else(|| panic!("{} has no limit", service.slug)) {
                Limit::WorkingDays(0) => assert!(
                    ["same working day", "at once", "as soon as"]
                        .iter()
                        .any(|words| stated.contains(words)),
                    "{}: {stated}",
                    service.slug
                ),
                Limit::WorkingDays(days) => {
                    assert!(
                        stated.starts_with(&format!("{days} working day")),
                        "{}: {stated}",
                        service.slug
                    );
                }
                Limit::CalendarDays(days) => {
                    assert_eq!(stated, format!("{days} days"), "{}", service.slug);
                }
                Limit::NoFixedPeriod => assert!(stated.contains("calendar"), "{stated}"),
            }
        }
        assert_eq!(limit("no-such-service"), None);
    }

    #[test]
    fn working_days_skip_weekends_in_vietnamese_time() {
        // Friday 4 December 2026, 10:00 in Hà Nội.
        let friday = datetime!(2026-12-04 03:00 UTC);
        let day = |limit| deadline(limit, friday).unwrap().to_string();
        assert_eq!(day(Limit::WorkingDays(0)), "2026-12-04");
        assert_eq!(day(Limit::WorkingDays(1)), "2026-12-07");
        assert_eq!(day(Limit::WorkingDays(7)), "2026-12-15");
        assert_eq!(day(Limit::CalendarDays(20)), "2026-12-24");
        assert_eq!(deadline(Limit::NoFixedPeriod, friday), None);
        // 18:00 UTC on Friday is already Saturday in Vietnam: counted from Monday.
        let late = datetime!(2026-12-04 18:00 UTC);
        assert_eq!(
            deadline(Limit::WorkingDays(0), late).unwrap().to_string(),
            "2026-12-07"
        );
        assert_eq!(
            deadline(Limit::WorkingDays(3), late).unwrap().to_string(),
            "2026-12-10"
        );
    }

    #[test]
    fn a_period_in_calendar_days_ending_on_a_weekend_ends_on_the_next_working_day() {
        // Sunday 6 December 2026 + 20 days is Saturday 26 December: the period runs to Monday.
        let sunday = datetime!(2026-12-06 03:00 UTC);
        assert_eq!(
            deadline(Limit::CalendarDays(20), sunday)
                .unwrap()
                .to_string(),
            "2026-12-28"
        );
    }
}
