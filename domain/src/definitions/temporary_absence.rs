//! Service 5: declaring a temporary absence (Residence Law 2020, art. 31). The law names who must
//! declare and from what length of absence: anyone leaving their commune for 12 months or more,
//! people of military-service age leaving their district for 3 months or more, and people under
//! a court's or an authority's supervision. The case sets the checks on the period; the registry's
//! date of birth settles whether the military-service case applies. A parent declares the absence
//! of their child under 14, whose own date of birth then settles it.

use super::common::{
    applicant_age, decision_number, display_date, parse_date, ADDRESS, ADULT_RESIDENT, DECLARATION,
    FREE, IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::text::Text;
use time::Date;

/// Ages of military service and of the reserve (Military Service Law 2015, art. 30): 18 to 25,
/// and to 27 for those whose service was deferred for studies.
const MILITARY_AGES: std::ops::RangeInclusive<i32> = 18..=27;

/// The shortest absence, in months, that must be declared in each case, and what to tell a
/// citizen whose dates are shorter.
fn minimum_months(case: &str) -> Option<(u32, Text)> {
    match case {
        "long_absence" => Some((
            12,
            Text::new(
                "Vắng mặt dưới 12 tháng thì không phải khai báo tạm vắng; hãy kiểm tra lại ngày trở về",
                "An absence of less than 12 months need not be declared; check the return date",
            ),
        )),
        "military_age" => Some((
            3,
            Text::new(
                "Người trong độ tuổi nghĩa vụ quân sự khai báo khi vắng từ 3 tháng trở lên; hãy kiểm tra lại ngày trở về",
                "People of military-service age declare an absence of 3 months or more; check the return date",
            ),
        )),
        _ => None,
    }
}

/// `from` plus whole months, the day clamped to the end of a shorter month.
fn add_months(from: Date, months: u32) -> Date {
    let total = from.year() * 12 + i32::from(u8::from(from.month())) - 1 + months as i32;
    let (year, month) = (total.div_euclid(12), (total.rem_euclid(12) + 1) as u8);
    let month = time::Month::try_from(month).expect("a month number from 1 to 12");
    let day = from.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).expect("a day within the month")
}

fn period_refusals(answers: &Answers, _: &Context) -> Vec<(&'static str, Text)> {
    let (Some(from), Some(until)) = (
        answers.get("from").and_then(parse_date),
        answers.get("until").and_then(parse_date),
    ) else {
        return vec![];
    };
    if until <= from {
        return vec![(
            "until",
            Text::new(
                "Ngày trở về phải sau ngày đi",
                "The return date must be after the departure date",
            ),
        )];
    }
    match answers.get("case").and_then(minimum_months) {
        Some((months, too_short)) if until < add_months(from, months) => vec![("until", too_short)],
        _ => vec![],
    }
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Số hồ sơ cư trú", "Residence file number"),
        value: |context, _| Some(HOUSEHOLD.read(context)?.residence_file_number),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 5,
        slug: "temporary-absence",
        procedure_code: None,
        name: Text::new("Khai báo tạm vắng", "Declare a temporary absence"),
        summary: Text::new(
            "Báo cho công an xã khi vắng mặt khỏi nơi cư trú trong thời gian dài.",
            "Tell the commune police when you will be away from where you live for a long period.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("1 ngày làm việc", "1 working day"),
    },
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[PERSON.source, HOUSEHOLD.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "case",
            title: Text::new("Trường hợp khai báo", "Why you declare"),
            questions: &[Question {
                id: "case",
                label: Text::new("Bạn thuộc trường hợp nào?", "Which applies to you?"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "long_absence",
                        Text::new("Đi khỏi xã, phường nơi thường trú từ 12 tháng liên tục trở lên", "I leave my commune for 12 months or more in a row"),
                    ),
                    (
                        "military_age",
                        Text::new(
                            "Trong độ tuổi nghĩa vụ quân sự, đi khỏi nơi thường trú từ 3 tháng liên tục trở lên",
                            "I am of military-service age and leave for 3 months or more in a row",
                        ),
                    ),
                    (
                        "supervised",
                        Text::new(
                            "Đang tại ngoại, hưởng án treo hoặc chịu biện pháp giám sát, giáo dục tại xã",
                            "I am on bail, a suspended sentence or supervision in my commune",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, context| {
                let military = answers.is("case", "military_age");
                if military && applicant_age(context).is_some_and(|age| !MILITARY_AGES.contains(&age)) {
                    vec![(
                        "case",
                        Text::new(
                            "Theo ngày sinh trong cơ sở dữ liệu dân cư, bạn không trong độ tuổi nghĩa vụ quân sự (18 đến 27 tuổi). Hãy chọn trường hợp khác",
                            "By your date of birth in the population database, you are not of military-service age (18 to 27). Choose another case",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "consent",
            title: Text::new("Văn bản đồng ý", "Written permission"),
            questions: &[Question {
                id: "permission_number",
                label: Text::new("Số văn bản đồng ý của cơ quan giám sát", "Number of the supervising authority's permission"),
                hint: Some(Text::new(
                    "Cơ quan, người có thẩm quyền giám sát phải đồng ý trước khi bạn đi",
                    "The supervising authority must agree before you leave",
                )),
                kind: Kind::Text { max_chars: 50 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("case", "supervised")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "period",
            title: Text::new("Thời gian tạm vắng", "When you are away"),
            questions: &[
                Question {
                    id: "from",
                    label: Text::new("Ngày đi", "Leaving on"),
                    hint: Some(Text::new("Ví dụ 01/12/2026", "For example 01/12/2026")),
                    kind: Kind::Date { past: false, future: true },
                    optional: false,
                },
                Question {
                    id: "until",
                    label: Text::new("Ngày dự kiến trở về", "Expected back on"),
                    hint: None,
                    kind: Kind::Date { past: false, future: true },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(period_refusals),
            checks: &[],
        },
        Step {
            id: "destination",
            title: Text::new("Nơi đến", "Where you are going"),
            questions: &ADDRESS,
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "reason",
            title: Text::new("Lý do tạm vắng", "Why you are away"),
            questions: &[Question {
                id: "reason",
                label: Text::new("Lý do tạm vắng", "Reason for the absence"),
                hint: Some(Text::new("Ví dụ: đi làm việc, đi học, chữa bệnh", "For example: work, studies, medical treatment")),
                kind: Kind::LongText { max_chars: 300 },
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee: super::common::free,
    eligibility: Some(|context| {
        if PERSON
            .read(context)
            .and_then(|person| person.permanent_residence)
            .is_none()
        {
            Err(Text::new(
                "Cơ sở dữ liệu dân cư chưa ghi nơi thường trú của bạn, nên chưa có nơi để khai báo tạm vắng. Hãy đăng ký thường trú trước.",
                "The population database holds no permanent residence for you, so there is nowhere to declare an absence from. Register a permanent residence first.",
            ))
        } else {
            Ok(())
        }
    }),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let date = |id| display_date(submitted.answers.get(id).unwrap_or_default(), crate::text::Lang::Vi);
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new("Tạm vắng", "Absent"),
                    value: format!("{} – {}", date("from"), date("until")),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::json;
    use time::macros::date;

    fn answers(case: &str, from: &str, until: &str) -> Answers {
        let mut answers = Answers::default();
        answers.set("case", case.into());
        answers.set("from", from.into());
        answers.set("until", until.into());
        answers
    }

    #[test]
    fn months_are_counted_on_the_calendar() {
        assert_eq!(add_months(date!(2026 - 11 - 30), 3), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 01 - 15), 12), date!(2027 - 01 - 15));
    }

    #[test]
    fn the_period_must_be_as_long_as_the_case_requires() {
        let context = Context::default();
        assert!(period_refusals(
            &answers("long_absence", "2026-12-01", "2027-12-01"),
            &context
        )
        .is_empty());
        assert_eq!(
            period_refusals(
                &answers("long_absence", "2026-12-01", "2027-11-30"),
                &context
            )[0]
            .0,
            "until"
        );
        assert!(period_refusals(
            &answers("military_age", "2026-12-01", "2027-03-01"),
            &context
        )
        .is_empty());
        assert!(!period_refusals(
            &answers("military_age", "2026-12-01", "2027-02-28"),
            &context
        )
        .is_empty());
        assert!(
            period_refusals(&answers("supervised", "2026-12-01", "2026-12-05"), &context)
                .is_empty()
        );
        assert!(
            !period_refusals(&answers("supervised", "2026-12-05", "2026-12-01"), &context)
                .is_empty()
        );
    }

    #[test]
    fn the_military_case_needs_the_registry_age_and_supervision_a_permission() {
        let validate = DEFINITION.step("case").unwrap().validate.unwrap();
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "date_of_birth": "1986-01-01" })),
        );
        assert_eq!(
            validate(&answers("military_age", "", ""), &context).len(),
            1
        );
        assert!(validate(&answers("long_absence", "", ""), &context).is_empty());
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "date_of_birth": "2004-01-01", "permanent_residence": null })),
        );
        assert!(validate(&answers("military_age", "", ""), &context).is_empty());
        assert!(
            DEFINITION.eligibility.unwrap()(&context).is_err(),
            "no permanent residence"
        );
        assert!(DEFINITION
            .step("consent")
            .unwrap()
            .is_asked(&answers("supervised", "", ""), &context));
        assert!(!DEFINITION
            .step("consent")
            .unwrap()
            .is_asked(&answers("long_absence", "", ""), &context));
    }
}
