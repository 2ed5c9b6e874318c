//! Pieces many services share: the applicant's registry facts shown read-only, and the usual
//! declaration and fee rules.

use super::sources::{PERSON, VEHICLES};
use crate::engine::documents::{DocumentRules, FileType};
use crate::engine::{
    Answers, Choice, CodeRules, ConsentRequest, Context, Effects, Kind, Options, OutcomeLine,
    Prefilled, Question, Step, Submitted, CONSENT,
};
use crate::text::{Lang, Text};
use time::macros::format_description;
use time::Date;

/// Name, ID number, date of birth and permanent address: what every service would otherwise
/// ask first, shown from the population database instead.
pub const IDENTITY: [Prefilled; 4] = [
    Prefilled {
        label: Text::new("Họ, chữ đệm và tên", "Full name"),
        value: |context, _| Some(PERSON.read(context)?.full_name),
    },
    Prefilled {
        label: Text::new("Số định danh cá nhân", "Personal ID number"),
        value: |context, _| Some(PERSON.read(context)?.personal_id),
    },
    Prefilled {
        label: Text::new("Ngày sinh", "Date of birth"),
        value: |context, lang| Some(display_date(&PERSON.read(context)?.date_of_birth, lang)),
    },
    Prefilled {
        label: Text::new("Nơi thường trú", "Permanent residence"),
        value: |context, _| permanent_address(context),
    },
];

/// The applicant's permanent residence as written on documents, when the registry holds one.
pub fn permanent_address(context: &Context) -> Option<String> {
    Some(PERSON.read(context)?.permanent_residence?.full)
}

pub const DECLARATION: Text = Text::new(
    "Tôi cam đoan những thông tin trên là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình.",
    "I declare that the information above is true, and I am responsible before the law for what I have stated.",
);

/// The decision of a service that writes nothing to the registry: a numbered decision document.
pub const DECISION_DOCUMENT: Effects = Effects {
    writes: |_| Vec::new(),
    outcome: |submitted, _| vec![decision_number(submitted)],
};

/// Asks the verified person whose ID number answered `id_question` (a home's owner, a household
/// head) to agree on their own account before the decision: `request` says to what, and the
/// applicant's name and `details` (an address, a date; may be empty) say who asks and where.
pub fn agreement_of(
    submitted: &Submitted,
    id_question: &str,
    request: Text,
    details: &str,
) -> Option<ConsentRequest> {
    let citizen_id = submitted.answers.get(id_question)?.to_string();
    let applicant = PERSON
        .read(submitted.context)
        .map(|person| person.full_name)
        .unwrap_or_default();
    let about = if details.is_empty() {
        applicant
    } else {
        format!("{applicant} — {details}")
    };
    Some(ConsentRequest {
        citizen_id,
        request,
        about,
    })
}

/// Whether the person asked to agree refused.
pub fn agreement_refused(submitted: &Submitted) -> bool {
    submitted.context.get(CONSENT) == "refused"
}

/// The number of the decision document, derived from the application's unique reference.
pub fn decision_number(submitted: &Submitted) -> OutcomeLine {
    OutcomeLine {
        label: Text::new("Số văn bản kết quả", "Decision number"),
        value: format!("KQ-{}", submitted.reference),
    }
}

/// A paper the applicant scanned or photographed: PDF, JPG or PNG, up to 5 MB.
pub const SCANNED_PAPER: DocumentRules = DocumentRules {
    accept: &[FileType::Pdf, FileType::Jpeg, FileType::Png],
    max_bytes: 5 * 1024 * 1024,
    min_pixels: None,
};

/// The 63 provinces, as the choice of where an address is.
pub const PROVINCES: Options = Options::FromContext(|_, _| {
    crate::provinces::PROVINCES
        .iter()
        .map(|province| Choice::new(province.code.to_string(), province.name))
        .collect()
});

/// The address given through [`ADDRESS`], as written on documents: street, commune, province.
pub fn answered_address(answers: &Answers) -> String {
    let answer = |id| answers.get(id).unwrap_or_default();
    let province = answer("province")
        .parse()
        .ok()
        .and_then(crate::provinces::by_code)
        .map_or("", |province| province.name);
    format!("{}, {}, {province}", answer("street"), answer("commune"))
}

/// An address in Vietnam as the forms ask it: province, commune or ward, then the street line.
pub const ADDRESS: [Question; 3] = [
    Question {
        id: "province",
        label: Text::new("Tỉnh, thành phố", "Province or city"),
        hint: None,
        kind: Kind::Choice(PROVINCES),
        optional: false,
    },
    Question {
        id: "commune",
        label: Text::new("Xã, phường", "Commune or ward"),
        hint: None,
        kind: Kind::Text { max_chars: 100 },
        optional: false,
    },
    Question {
        id: "street",
        label: Text::new(
            "Số nhà, đường, thôn, tổ dân phố",
            "House number, street, village or block",
        ),
        hint: None,
        kind: Kind::Text { max_chars: 200 },
        optional: false,
    },
];

/// How an identity document is handed over: by post to the permanent address, or at the office.
pub const DELIVERY: Options = Options::FromContext(|context, lang| {
    let home = permanent_address(context).unwrap_or_default();
    vec![
        Choice::new(
            "post",
            format!(
                "{} {home}",
                Text::new(
                    "Gửi qua bưu điện đến nơi thường trú:",
                    "By post to your permanent address:"
                )
                .get(lang)
            ),
        ),
        Choice::new(
            "office",
            Text::new(
                "Nhận tại cơ quan giải quyết",
                "Collect it at the issuing office",
            )
            .get(lang),
        ),
    ]
});

/// A `YYYY-MM-DD` date as stored in answers and registry records.
pub fn parse_date(iso: &str) -> Option<Date> {
    Date::parse(iso, format_description!("[year]-[month]-[day]")).ok()
}

/// Whole days from the date answered to `question` until the application was sent (its
/// `today`), for the rules that count the days from an event to its report.
pub fn days_until_sent(submitted: &Submitted, question: &str) -> Option<i64> {
    let event = parse_date(submitted.answers.get(question)?)?;
    let sent = parse_date(submitted.context.get("today").as_str()?)?;
    Some((sent - event).whole_days())
}

/// The applicant's age in completed years on the draft's `today`, from the registry's date of
/// birth.
pub fn applicant_age(context: &Context) -> Option<i32> {
    let birth = parse_date(&PERSON.read(context)?.date_of_birth)?;
    let today = parse_date(context.get("today").as_str()?)?;
    Some(crate::age::completed_years(birth, today))
}

/// The phone number the population database holds: the agency calls it back, so it is shown,
/// not asked.
pub const PHONE: Prefilled = Prefilled {
    label: Text::new("Số điện thoại liên hệ", "Contact phone number"),
    value: |context, _| PERSON.read(context)?.phone,
};

/// Eligibility by age: a citizen younger than `years` (by the registry's date of birth) gets
/// `refusal`; one whose age is unknown may start, and the agency checks.
pub fn applicant_at_least(context: &Context, years: i32, refusal: Text) -> Result<(), Text> {
    match applicant_age(context) {
        Some(age) if age < years => Err(refusal),
        _ => Ok(()),
    }
}

/// Eligibility of identity documents a parent may ask for on behalf of their child: a child under
/// 14 has no eID account of their own and cannot apply alone (`refusal` says who can), while a
/// parent applying for them is exactly how it is meant to be done.
pub fn under_14_through_a_parent(context: &Context, refusal: Text) -> Result<(), Text> {
    if context.representative().is_some() {
        return Ok(());
    }
    applicant_at_least(context, crate::age::OWN_EID_MIN_AGE, refusal)
}

/// For services only adults may use: a younger citizen is told why and who can apply instead.
pub fn adult_applicant(context: &Context) -> Result<(), Text> {
    applicant_at_least(
        context,
        18,
        Text::new(
            "Dịch vụ này dành cho người từ đủ 18 tuổi. Cha, mẹ hoặc người giám hộ của bạn có thể nộp thay.",
            "This service is for people aged 18 or over. Your parent or guardian can apply for you.",
        ),
    )
}

/// Another person's personal ID number, typed by the applicant (a landlord, a guest, a partner…);
/// `label` says whose it is.
pub const fn personal_id_of(id: &'static str, label: Text) -> Question {
    Question {
        id,
        label,
        hint: Some(Text::new(
            "12 chữ số trên thẻ căn cước",
            "The 12 digits on their ID card",
        )),
        kind: Kind::PersonalId,
        optional: false,
    }
}

/// The ID number of the owner of the home the applicant lives in (checked against the registry
/// with the owner's name and date of birth).
pub const fn owner_personal_id(id: &'static str) -> Question {
    personal_id_of(
        id,
        Text::new(
            "Số định danh cá nhân của chủ nhà",
            "The owner's personal ID number",
        ),
    )
}

/// The owner's date of birth, asked beside [`owner_personal_id`].
pub const fn owner_date_of_birth(id: &'static str) -> Question {
    Question {
        id,
        label: Text::new("Ngày sinh của chủ nhà", "The owner's date of birth"),
        hint: Some(Text::new("Ví dụ 27/03/1975", "For example 27/03/1975")),
        kind: Kind::Date {
            past: true,
            future: false,
        },
        optional: false,
    }
}

/// A plain yes-or-no question's options.
pub const YES_NO: Options = Options::Fixed(&[
    ("yes", Text::new("Có", "Yes")),
    ("no", Text::new("Không", "No")),
]);

/// The vehicles the registry has in the applicant's name, as "plate (model)".
pub fn vehicles_in_name(context: &Context) -> Vec<String> {
    VEHICLES
        .read(context)
        .into_iter()
        .map(|vehicle| format!("{} ({})", vehicle.plate, vehicle.model))
        .collect()
}

/// The base salary (mức lương cơ sở) in VND since 1 July 2024: health-insurance premiums and
/// the funeral allowance are set as multiples of it.
pub const BASE_SALARY_VND: u64 = 2_340_000;

/// No fee, whatever the answers.
pub fn free(_: &Answers, _: &Context) -> Option<u64> {
    None
}

/// True when the date answer `field` is at most `years` after today (the server puts `today` in
/// every draft's context); also true when the answer is missing, which other checks report.
pub fn within_years_of_today(
    answers: &Answers,
    context: &Context,
    field: &str,
    years: i32,
) -> bool {
    let (Some(answer), Some(today)) = (answers.get(field), context.get("today").as_str()) else {
        return true;
    };
    let limit = today.split_once('-').and_then(|(year, rest)| {
        year.parse::<i32>()
            .ok()
            .map(|year| format!("{}-{rest}", year + years))
    });
    limit.is_none_or(|limit| answer <= limit.as_str())
}

/// `YYYY-MM-DD` as written in each language: 05/06/1990, 5 June 1990.
pub fn display_date(iso: &str, lang: Lang) -> String {
    const MONTHS: [&str; 12] = [
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
    let mut parts = iso.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return iso.to_string();
    };
    match (lang, month.parse::<usize>()) {
        (Lang::Vi, _) => format!("{day}/{month}/{year}"),
        (Lang::En, Ok(m @ 1..=12)) => {
            format!("{} {} {year}", day.trim_start_matches('0'), MONTHS[m - 1])
        }
        (Lang::En, _) => iso.to_string(),
    }
}

/// A typed identifier as one spelling: without spaces, in capitals (`bx 123 456` is `BX123456`).
pub fn compact_upper(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
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

/// A Vietnamese number plate, such as `29A-123.45` or `51F1-234.56`: two province digits, a series
/// of one letter and an optional digit, then four or five digits; stored without separators.
pub const PLATE: CodeRules = CodeRules {
    normalise: |value| {
        value
            .chars()
            .filter(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_uppercase()
    },
    is_valid: |compact| {
        let bytes = compact.as_bytes();
        (7..=9).contains(&bytes.len())
            && bytes[..2].iter().all(u8::is_ascii_digit)
            && bytes[2].is_ascii_alphabetic()
            && bytes[3..].iter().all(u8::is_ascii_digit)
            && bytes.len() - 3 >= 4
    },
    refusal: Text::new(
        "Biển số có dạng 29A-123.45 hoặc 51F1-234.56",
        "A number plate looks like 29A-123.45 or 51F1-234.56",
    ),
    input_chars: 12,
    numeric: false,
};

/// The timeline's note once a permanent residence is registered, by any service that does.
pub const PERMANENT_RESIDENCE_REGISTERED: Text =
    Text::new("Đã đăng ký thường trú", "Permanent residence registered");

/// What every service needs first, listed on its start page.
pub const SIGN_IN_LEVEL_2: Text = Text::new(
    "Tài khoản định danh điện tử mức độ 2 (VNeID)",
    "A level 2 electronic identity account (VNeID)",
);
/// Who can use the services open to any adult resident.
pub const ADULT_RESIDENT: Text = Text::new(
    "Công dân Việt Nam từ 14 tuổi có tài khoản định danh điện tử mức độ 2.",
    "Vietnamese citizens aged 14 or over with a level 2 electronic identity account.",
);
/// Who can use the services a parent makes for their baby.
pub const PARENT: Text = Text::new(
    "Cha, mẹ (hoặc người giám hộ) của trẻ, có tài khoản định danh điện tử mức độ 2.",
    "The child's parent (or guardian) with a level 2 electronic identity account.",
);
/// The fee text of the services that cost nothing.
pub const FREE: Text = Text::new("Miễn phí", "Free");

/// The last step of a payment service: the receipt always lands in the
/// citizen's applications, and a copy goes by email only if they ask for one.
pub const RECEIPT_STEP: Step = Step {
    id: "receipt",
    title: Text::new("Biên lai điện tử", "Electronic receipt"),
    questions: &[Question {
        id: "receipt_email",
        label: Text::new("Thư điện tử nhận biên lai", "Email address for the receipt"),
        hint: Some(Text::new(
            "Biên lai luôn có trong mục Hồ sơ của tôi; nhập thư điện tử nếu bạn muốn nhận thêm một bản",
            "The receipt is always in Your applications; give an email address to get a copy too",
        )),
        kind: Kind::Email,
        optional: true,
    }],
    show_if: None,
    validate: None,
    checks: &[],
};

/// Answers as a test writes them: `(question id, value)` pairs.
#[cfg(test)]
pub fn answers(pairs: &[(&str, &str)]) -> Answers {
    let mut answers = Answers::default();
    for (id, value) in pairs {
        answers.set(id, value.to_string());
    }
    answers
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::json;

    #[test]
    fn the_identity_facts_age_and_phone_come_from_the_persons_record() {
        let shown = |context: &Context| -> Vec<Option<String>> {
            IDENTITY
                .iter()
                .chain([&PHONE])
                .map(|fact| (fact.value)(context, Lang::En))
                .collect()
        };
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "phone": "0912345678" })),
        );
        let expected = [
            "Nguyễn Văn An",
            "079090001234",
            "5 June 1990",
            "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh",
            "0912345678",
        ];
        assert_eq!(shown(&context), expected.map(|fact| Some(fact.to_string())));
        assert_eq!(applicant_age(&context), Some(36));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "permanent_residence": null })),
        );
        assert_eq!(permanent_address(&context), None);
        context.0.remove(PERSON.source.key);
        assert!(shown(&context).iter().all(Option::is_none));
        assert_eq!(applicant_age(&context), None);
    }

    #[test]
    fn money_and_dates_read_as_people_write_them() {
        assert_eq!(display_vnd(135_000), "135.000 đ");
        assert_eq!(display_vnd(7_000), "7.000 đ");
        assert_eq!(display_vnd(500), "500 đ");
        assert_eq!(display_date("1990-06-05", Lang::Vi), "05/06/1990");
        assert_eq!(display_date("1990-06-05", Lang::En), "5 June 1990");
    }
}
