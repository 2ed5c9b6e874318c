//! Moments as citizens read them: dates (and times) in Vietnam's time zone.

use domain::definitions::common::display_date;
use domain::text::Lang;
use time::OffsetDateTime;

/// A Unix time as a date (and time) in Vietnam.
pub fn display_time(unix: i64, lang: Lang, with_time: bool) -> String {
    let moment = OffsetDateTime::from_unix_timestamp(unix)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .to_offset(time::macros::offset!(+7));
    let date = display_date(&moment.date().to_string(), lang);
    if with_time {
        format!("{date} {:02}:{:02}", moment.hour(), moment.minute())
    } else {
        date
    }
}
