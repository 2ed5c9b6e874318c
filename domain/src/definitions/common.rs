//! Pieces many services share: the applicant's registry facts shown read-only, and the usual
//! declaration and fee rules.

use crate::engine::{Answers, Context, Effects, OutcomeLine, Prefilled};
use crate::text::{Lang, Text};

/// Name, ID number, date of birth and permanent address: what every service would otherwise
/// ask first, shown from the population database instead.
pub const IDENTITY: [Prefilled; 4] = [
    Prefilled {
        label: Text::new("Họ, chữ đệm và tên", "Full name"),
        value: |context, _| context.person("full_name").map(str::to_string),
    },
    Prefilled {
        label: Text::new("Số định danh cá nhân", "Personal ID number"),
        value: |context, _| context.person("personal_id").map(str::to_string),
    },
    Prefilled {
        label: Text::new("Ngày sinh", "Date of birth"),
        value: |context, lang| context.person("date_of_birth").map(|date| display_date(date, lang)),
    },
    Prefilled {
        label: Text::new("Nơi thường trú", "Permanent residence"),
        value: |context, _| context.get("person")["permanent_residence"]["full"].as_str().map(str::to_string),
    },
];

pub const DECLARATION: Text = Text::new(
    "Tôi cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.",
    "I declare that the information above is true, and I am responsible before the law for what I have stated.",
);

/// The decision of a service that writes nothing to the registry: a numbered decision document.
pub const DECISION_DOCUMENT: Effects = Effects {
    writes: |_| Vec::new(),
    outcome: |submitted, _| {
        vec![OutcomeLine {
            label: Text::new("Số văn bản kết quả", "Decision number"),
            value: format!("KQ-{}", submitted.reference),
        }]
    },
};

/// No fee, whatever the answers.
pub fn free(_: &Answers, _: &Context) -> Option<u64> {
    None
}

/// True when the date answer `field` is at most `years` after today (the server puts `today` in
/// every draft's context); also true when the answer is missing, which other checks report.
pub fn within_years_of_today(answers: &Answers, context: &Context, field: &str, years: i32) -> bool {
    let (Some(answer), Some(today)) = (answers.get(field), context.get("today").as_str()) else {
        return true;
    };
    let limit = today
        .split_once('-')
        .and_then(|(year, rest)| year.parse::<i32>().ok().map(|year| format!("{}-{rest}", year + years)));
    limit.is_none_or(|limit| answer <= limit.as_str())
}

/// `YYYY-MM-DD` as written in each language: 05/06/1990, 5 June 1990.
pub fn display_date(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ];
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match (lang, month.parse::<usize>()) {
        (Lang::Vi, _) => format!("{day}/{month}/{year}"),
        (Lang::En, Ok(m @ 1..=12)) => format!("{} {} {year}", day.trim_start_matches('0'), MONTHS[m - 1]),
        (Lang::En, _) => iso.to_string(),
    }
}

/// VND amounts as written in Vietnam: 135.000 đ.
pub fn display_vnd(amount: u64) -> String {
    let digits = amount.to_string();
    let mut grouped = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push('.');
        }
        grouped.push(digit);
    }
    format!("{grouped} đ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_and_dates_read_as_people_write_them() {
        assert_eq!(display_vnd(135_000), "135.000 đ");
        assert_eq!(display_vnd(7_000), "7.000 đ");
        assert_eq!(display_vnd(500), "500 đ");
        assert_eq!(display_date("1990-06-05", Lang::Vi), "05/06/1990");
        assert_eq!(display_date("1990-06-05", Lang::En), "5 June 1990");
    }
}
