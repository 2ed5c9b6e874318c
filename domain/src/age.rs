//! Age in completed years, the measure the law uses: a citizen may hold an eID of their own from
//! 14, and a parent acts for a child below that age.

use time::macros::offset;
use time::{Date, OffsetDateTime};

/// The age from which a citizen signs in with their own eID account.
pub const OWN_EID_MIN_AGE: i32 = 14;

/// Today's date in Vietnam (UTC+7), the date ages and deadlines are counted in.
pub fn today_in_vietnam() -> Date {
    OffsetDateTime::now_utc().to_offset(offset!(+7)).date()
}

/// Completed years between `birth` and `on`; a person born on 29 February turns a year older on
/// 1 March in common years.
pub fn completed_years(birth: Date, on: Date) -> i32 {
    let years = on.year() - birth.year();
    let birthday_passed = (on.month() as u8, on.day()) >= (birth.month() as u8, birth.day());
    if birthday_passed {
        years
    } else {
        years - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn counts_only_birthdays_already_reached() {
        let birth = date!(2010 - 06 - 15);
        assert_eq!(completed_years(birth, date!(2024 - 06 - 14)), 13);
        assert_eq!(completed_years(birth, date!(2024 - 06 - 15)), 14);
        assert_eq!(completed_years(birth, date!(2024 - 12 - 31)), 14);
    }

    #[test]
    fn leap_day_birthdays_turn_over_on_first_of_march() {
        let birth = date!(2008 - 02 - 29);
        assert_eq!(completed_years(birth, date!(2022 - 02 - 28)), 13);
        assert_eq!(completed_years(birth, date!(2022 - 03 - 01)), 14);
        assert_eq!(completed_years(birth, date!(2024 - 02 - 29)), 16);
    }
}
