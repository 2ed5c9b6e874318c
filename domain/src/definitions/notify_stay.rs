//! Service 6: notifying the police of a guest's stay (Residence Law 2020, art. 30). A member of
//! the household declares the guest by ID number, name and date of birth, checked against the
//! registry, and the dates; the place is the household's registered address. A stay of 30 days
//! or more is a temporary residence instead, and a member of the household is no guest.

use super::common::{
    display_date, parse_date, personal_id_of, DECLARATION, FREE, IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Effects, Kind, OutcomeLine, Prefilled, Question,
    RegistryCheck, Step,
};
use crate::text::{Lang, Text};
use time::Duration;

/// A stay from this many days on is a temporary residence (Residence Law 2020, art. 2 and 27).
const TEMPORARY_RESIDENCE_DAYS: i64 = 30;

fn guest_refusals(answers: &Answers, context: &Context) -> Vec<(&'static str, Text)> {
    let guest = answers.get("guest_id").unwrap_or_default();
    if PERSON
        .read(context)
        .is_some_and(|person| person.personal_id == guest)
    {
        vec![(
            "guest_id",
            Text::new(
                "Hãy nhập số định danh của khách, không phải của bạn",
                "Enter your guest's number, not your own",
            ),
        )]
    } else if HOUSEHOLD.read(context).is_some_and(|household| {
        household
            .members
            .iter()
            .any(|member| member.personal_id == guest)
    }) {
        vec![(
            "guest_id",
            Text::new(
                "Người này thường trú trong hộ của bạn nên không phải thông báo lưu trú",
                "This person lives in your household, so their stay need not be notified",
            ),
        )]
    } else {
        vec![]
    }
}

fn period_refusals(answers: &Answers, _: &Context) -> Vec<(&'static str, Text)> {
    let (Some(from), Some(until)) = (
        answers.get("from").and_then(parse_date),
        answers.get("until").and_then(parse_date),
    ) else {
        return vec![];
    };
    if until < from {
        vec![(
            "until",
            Text::new(
                "Ngày đi phải từ ngày đến trở về sau",
                "The leaving date must be on or after the arrival date",
            ),
        )]
    } else if until - from >= Duration::days(TEMPORARY_RESIDENCE_DAYS) {
        vec![(
            "until",
            Text::new(
                "Khách ở từ 30 ngày trở lên phải đăng ký tạm trú thay cho thông báo lưu trú",
                "A guest staying 30 days or more must register a temporary residence instead",
            ),
        )]
    } else {
        vec![]
    }
}

fn stay_address(context: &Context, _: Lang) -> Option<String> {
    Some(HOUSEHOLD.read(context)?.address.full)
}

const PREFILLED: [Prefilled; 3] = [
    IDENTITY[0],
    IDENTITY[1],
    Prefilled {
        label: Text::new("Địa chỉ nơi lưu trú", "Where the guest stays"),
        value: stay_address,
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 6,
        slug: "notify-stay",
        procedure_code: None,
        name: Text::new("Thông báo lưu trú", "Notify a guest's stay"),
        summary: Text::new(
            "Chủ nhà, cơ sở lưu trú báo cho công an khi có người đến ở qua đêm.",
            "Hosts and hotels tell the police when someone stays overnight.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Chủ hộ, người đại diện cơ sở lưu trú.",
            "Household heads and the representatives of places of accommodation.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số định danh của khách", "Your guest's personal ID number"),
        ],
        fee: FREE,
        time_limit: Text::new("Tiếp nhận ngay", "Received at once"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, HOUSEHOLD.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "guest",
            title: Text::new("Người đến lưu trú", "Your guest"),
            questions: &[
                personal_id_of(
                    "guest_id",
                    Text::new(
                        "Số định danh cá nhân của khách",
                        "Your guest's personal ID number",
                    ),
                ),
                Question {
                    id: "guest_name",
                    label: Text::new("Họ và tên khách", "Your guest's full name"),
                    hint: None,
                    kind: Kind::PersonName { max_chars: 100 },
                    optional: false,
                },
                Question {
                    id: "guest_dob",
                    label: Text::new("Ngày sinh của khách", "Your guest's date of birth"),
                    hint: Some(Text::new("Ví dụ 27/03/1975", "For example 27/03/1975")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(guest_refusals),
            checks: &[RegistryCheck::VerifyPerson {
                id: "guest_id",
                name: "guest_name",
                date_of_birth: "guest_dob",
            }],
        },
        Step {
            id: "stay",
            title: Text::new("Thời gian lưu trú", "When the guest stays"),
            questions: &[
                Question {
                    id: "from",
                    label: Text::new("Ngày đến", "Arriving on"),
                    hint: Some(Text::new(
                        "Thông báo trước 23 giờ của ngày khách đến",
                        "Notify before 11 pm on the day the guest arrives",
                    )),
                    kind: Kind::Date {
                        past: false,
                        future: true,
                    },
                    optional: false,
                },
                Question {
                    id: "until",
                    label: Text::new("Ngày đi", "Leaving on"),
                    hint: Some(Text::new(
                        "Dưới 30 ngày kể từ ngày đến",
                        "Less than 30 days after arriving",
                    )),
                    kind: Kind::Date {
                        past: false,
                        future: true,
                    },
                    optional: false,
                },
                Question {
                    id: "reason",
                    label: Text::new("Lý do lưu trú", "Reason for the stay"),
                    hint: Some(Text::new(
                        "Ví dụ: thăm người thân, công tác",
                        "For example: visiting family, business",
                    )),
                    kind: Kind::Text { max_chars: 200 },
                    optional: true,
                },
            ],
            show_if: None,
            validate: Some(period_refusals),
            checks: &[],
        },
    ],
    fee: super::common::free,
    eligibility: Some(|context| {
        if HOUSEHOLD.read(context).is_none() {
            Err(Text::new(
                "Cơ sở dữ liệu dân cư chưa ghi bạn thường trú trong hộ gia đình nào, nên chưa có chỗ ở để thông báo lưu trú. Cơ sở lưu trú (khách sạn, nhà nghỉ) thông báo qua hệ thống của cơ sở.",
                "The population database does not record you in any household, so there is no home to notify a stay at. Hotels and guesthouses notify through their own system.",
            ))
        } else {
            Ok(())
        }
    }),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Nothing,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let answer = |id| submitted.answers.get(id).unwrap_or_default();
            vec![
                OutcomeLine {
                    label: Text::new("Số tiếp nhận thông báo lưu trú", "Stay notification number"),
                    value: format!("LT-{}", submitted.reference),
                },
                OutcomeLine {
                    label: Text::new("Khách lưu trú", "Guest"),
                    value: format!(
                        "{} ({} – {})",
                        answer("guest_name"),
                        display_date(answer("from"), Lang::Vi),
                        display_date(answer("until"), Lang::Vi)
                    ),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::records::samples;
    use serde_json::json;

    #[test]
    fn a_stay_of_30_days_or_more_is_a_temporary_residence() {
        let context = Context::default();
        assert!(period_refusals(
            &answers(&[("from", "2026-12-01"), ("until", "2026-12-30")]),
            &context
        )
        .is_empty());
        assert!(period_refusals(
            &answers(&[("from", "2026-12-01"), ("until", "2026-12-01")]),
            &context
        )
        .is_empty());
        let long = period_refusals(
            &answers(&[("from", "2026-12-01"), ("until", "2026-12-31")]),
            &context,
        );
        assert!(long[0].1.en.contains("temporary residence"));
        assert!(!period_refusals(
            &answers(&[("from", "2026-12-05"), ("until", "2026-12-01")]),
            &context
        )
        .is_empty());
    }

    #[test]
    fn the_host_and_their_household_are_no_guests() {
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "personal_id": "079190000123" })),
        );
        let members = ["079190000123", "079290000456"]
            .map(|id| samples::member(json!({ "personal_id": id })));
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "members": members })),
        );
        assert!(
            guest_refusals(&answers(&[("guest_id", "079190000123")]), &context)[0]
                .1
                .en
                .contains("not your own")
        );
        assert!(
            guest_refusals(&answers(&[("guest_id", "079290000456")]), &context)[0]
                .1
                .en
                .contains("household")
        );
        assert!(guest_refusals(&answers(&[("guest_id", "001190000789")]), &context).is_empty());
        assert!(DEFINITION.eligibility.unwrap()(&context).is_ok());
        assert!(DEFINITION.eligibility.unwrap()(&Context::default()).is_err());
    }
}
