//! The birth notices hospitals send for a parent's babies, which both birth services start from:
//! those still open, the one an application is for, and how each is described.

use crate::definitions::common::display_date;
use crate::engine::{Answers, Choice, Context, Source};
use crate::text::{Lang, Text};
use serde_json::Value;

/// The birth notices hospitals have sent for the applicant's babies.
pub(super) const BIRTH_NOTICES: Source = Source::new("birth_notices", "/v1/birth-notices/list");

/// Birth notices naming the applicant that are not registered yet.
pub(super) fn open_notices(context: &Context) -> impl Iterator<Item = &Value> {
    context
        .list(BIRTH_NOTICES.key)
        .iter()
        .filter(|notice| notice["child_id"].is_null())
}

/// The birth notice an application registers: one application per baby.
pub fn notice_concerned(answers: &Answers, context: &Context) -> Option<String> {
    notice(answers, context)?["notice_number"]
        .as_str()
        .map(|number| format!("birth-notice:{number}"))
}

/// The notice this application is for: the one chosen, or the only one.
pub(super) fn notice<'a>(answers: &Answers, context: &'a Context) -> Option<&'a Value> {
    let mut notices = open_notices(context);
    match answers.get("notice") {
        Some(number) => open_notices(context).find(|notice| notice["notice_number"] == number),
        None => notices.next().filter(|_| notices.next().is_none()),
    }
}

fn sex_label(code: &str) -> Text {
    if code == "female" {
        Text::new("Bé gái", "Girl")
    } else {
        Text::new("Bé trai", "Boy")
    }
}

pub(super) fn describe(notice: &Value, lang: Lang) -> String {
    let born_at = notice["born_at"].as_str().unwrap_or_default();
    let (date, time) = born_at
        .split_once('T')
        .or_else(|| born_at.split_once(' '))
        .unwrap_or((born_at, ""));
    format!(
        "{}, {} {} {}, {}, {} g",
        sex_label(notice["child_sex"].as_str().unwrap_or_default()).get(lang),
        Text::new("sinh lúc", "born at").get(lang),
        &time[..time.len().min(5)],
        display_date(date, lang),
        notice["place_of_birth"].as_str().unwrap_or_default(),
        notice["weight_grams"].as_i64().unwrap_or_default(),
    )
}

pub(super) fn notice_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    open_notices(context)
        .filter_map(|notice| {
            Some(Choice::new(
                notice["notice_number"].as_str()?,
                describe(notice, lang),
            ))
        })
        .collect()
}

/// A birth can be registered once a hospital's notice names the applicant as a parent.
pub fn has_open_notice(context: &Context) -> Result<(), Text> {
    if open_notices(context).next().is_some() {
        Ok(())
    } else {
        Err(Text::new(
            "Chưa có giấy chứng sinh nào mang tên bạn. Bệnh viện gửi giấy chứng sinh điện tử ngay sau khi bé chào đời; nếu bé sinh tại nhà, hãy đến trạm y tế xã để được cấp.",
            "No birth notice names you yet. The hospital sends the electronic birth notice soon after the birth; if your baby was born at home, the commune health station issues one.",
        ))
    }
}

/// The chosen notice must still be open when the application is sent.
pub fn notice_still_open(answers: &Answers, context: &Context) -> Result<(), Text> {
    notice(answers, context).map(|_| ()).ok_or(Text::new(
        "Giấy chứng sinh này đã được dùng để đăng ký khai sinh.",
        "This birth notice has already been used to register the birth.",
    ))
}
