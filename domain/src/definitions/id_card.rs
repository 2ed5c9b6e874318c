//! Service 2: exchanging or replacing the chip ID card (Identity Law 2023, art. 21, 24 and 38).
//! The card is printed from the population database, so the citizen only gives the reason and
//! how to receive it. The reason sets the fee: exchanges at the ages the law sets (14, 25, 40,
//! 60) and corrections of the agency's own errors are free, other exchanges cost VND 50,000, a
//! replacement for a lost or damaged card VND 70,000. A card for a child under 14 is issued at a
//! parent's request, so a parent applies for them.

use super::common::{
    applicant_age, display_vnd, under_14_through_a_parent, ADULT_RESIDENT, DECISION_DOCUMENT,
    DECLARATION, DELIVERY, IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Kind, Options, Prefilled, Question, Step,
};
use crate::text::Text;

const EXCHANGE_VND: u64 = 50_000;
const REPLACEMENT_VND: u64 = 70_000;
/// The ages at which the card must be exchanged.
const MILESTONES: [i32; 4] = [14, 25, 40, 60];

/// Whether the applicant's age is when an age exchange is due: a card made in the two years before
/// a milestone stays valid to the next one, and the exchange is made by a year after it.
fn at_exchange_age(context: &Context) -> bool {
    applicant_age(context).is_none_or(|age| {
        MILESTONES
            .iter()
            .any(|milestone| (milestone - 2..=milestone + 1).contains(&age))
    })
}

fn fee(answers: &Answers, _: &Context) -> Option<u64> {
    match answers.get("reason")? {
        "age" | "official_error" => None,
        "lost" | "damaged" => Some(REPLACEMENT_VND),
        _ => Some(EXCHANGE_VND),
    }
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Lệ phí", "Fee"),
        value: |_, lang| {
            Some(format!(
                "{} {}; {} {}; {}",
                Text::new("đổi thẻ", "exchange").get(lang),
                display_vnd(EXCHANGE_VND),
                Text::new("cấp lại", "replacement").get(lang),
                display_vnd(REPLACEMENT_VND),
                Text::new(
                    "miễn phí khi đổi thẻ lúc đủ tuổi hoặc do lỗi của cơ quan cấp",
                    "free at the ages set by law or to correct the agency's error",
                )
                .get(lang),
            ))
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 2,
        slug: "id-card",
        procedure_code: None,
        name: Text::new("Cấp lại, đổi thẻ căn cước", "Renew or replace your ID card"),
        summary: Text::new(
            "Đổi thẻ căn cước khi hết hạn, hỏng hoặc thay đổi thông tin; cấp lại khi bị mất.",
            "Exchange an expired, damaged or outdated ID card, or replace a lost one.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Thẻ căn cước hiện tại (nếu còn)",
                "Your current ID card, if you still have it",
            ),
        ],
        fee: Text::new(
            "Đổi thẻ 50.000 đồng; cấp lại 70.000 đồng",
            "VND 50,000 to exchange; VND 70,000 to replace",
        ),
        time_limit: Text::new("7 ngày làm việc", "7 working days"),
    },
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "reason",
            title: Text::new("Lý do đổi hoặc cấp lại thẻ", "Why you need a new card"),
            questions: &[Question {
                id: "reason",
                label: Text::new("Lý do", "Reason"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "age",
                        Text::new(
                            "Đủ tuổi đổi thẻ (14, 25, 40 hoặc 60 tuổi) — miễn phí",
                            "I reach the age to exchange it (14, 25, 40 or 60) — free",
                        ),
                    ),
                    (
                        "changed_details",
                        Text::new(
                            "Thông tin trên thẻ đã thay đổi",
                            "The details on the card have changed",
                        ),
                    ),
                    (
                        "official_error",
                        Text::new(
                            "Thông tin in trên thẻ bị sai do lỗi của cơ quan cấp — miễn phí",
                            "The card was printed with an error by the issuing agency — free",
                        ),
                    ),
                    (
                        "damaged",
                        Text::new(
                            "Thẻ bị hư hỏng, không sử dụng được",
                            "The card is damaged and cannot be used",
                        ),
                    ),
                    ("lost", Text::new("Thẻ bị mất", "The card was lost")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, context| {
                if answers.is("reason", "age") && !at_exchange_age(context) {
                    vec![(
                        "reason",
                        Text::new(
                            "Theo ngày sinh trong cơ sở dữ liệu dân cư, bạn chưa đến hoặc đã qua độ tuổi đổi thẻ (từ 2 năm trước đến 1 năm sau khi đủ 14, 25, 40 hoặc 60 tuổi). Hãy chọn lý do khác",
                            "By your date of birth in the population database, you are not at an exchange age (from 2 years before to 1 year after turning 14, 25, 40 or 60). Choose another reason",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "changed-details",
            title: Text::new("Thông tin đã thay đổi", "What has changed"),
            questions: &[Question {
                id: "changed",
                label: Text::new("Thông tin nào đã thay đổi?", "Which details have changed?"),
                hint: Some(Text::new(
                    "Thẻ mới in theo thông tin hiện có trong cơ sở dữ liệu dân cư",
                    "The new card is printed from what the population database holds now",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    ("name", Text::new("Họ, chữ đệm và tên", "Full name")),
                    ("sex", Text::new("Giới tính", "Sex")),
                    (
                        "residence",
                        Text::new("Nơi thường trú", "Permanent residence"),
                    ),
                    (
                        "appearance",
                        Text::new(
                            "Đặc điểm nhân dạng, khuôn mặt",
                            "Appearance or facial features",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("reason", "changed_details")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "official-error",
            title: Text::new("Thông tin bị in sai", "What was printed wrongly"),
            questions: &[Question {
                id: "error_detail",
                label: Text::new(
                    "Thông tin nào trên thẻ bị in sai?",
                    "Which detail on the card is wrong?",
                ),
                hint: Some(Text::new(
                    "Ví dụ: ngày cấp, quê quán",
                    "For example: the date of issue, the home town",
                )),
                kind: Kind::Text { max_chars: 200 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("reason", "official_error")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "loss",
            title: Text::new("Thẻ bị mất", "The lost card"),
            questions: &[
                Question {
                    id: "lost_on",
                    label: Text::new("Ngày phát hiện mất thẻ", "When you noticed it was lost"),
                    hint: Some(Text::new("Ví dụ 27/03/2026", "For example 27/03/2026")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
                Question {
                    id: "lost_where",
                    label: Text::new("Nơi bị mất, hoàn cảnh bị mất", "Where and how it was lost"),
                    hint: None,
                    kind: Kind::LongText { max_chars: 500 },
                    optional: true,
                },
            ],
            show_if: Some(|answers, _| answers.is("reason", "lost")),
            validate: Some(|answers, context| {
                let born = PERSON
                    .read(context)
                    .map(|person| person.date_of_birth)
                    .unwrap_or_default();
                match answers.get("lost_on") {
                    Some(lost) if lost < born.as_str() => vec![(
                        "lost_on",
                        Text::new(
                            "Ngày mất thẻ phải sau ngày sinh của bạn",
                            "The date must be after your date of birth",
                        ),
                    )],
                    _ => vec![],
                }
            }),
            checks: &[],
        },
        Step {
            id: "delivery",
            title: Text::new("Nhận thẻ mới", "Receiving the new card"),
            questions: &[Question {
                id: "delivery",
                label: Text::new(
                    "Bạn muốn nhận thẻ như thế nào?",
                    "How do you want to receive the card?",
                ),
                hint: None,
                kind: Kind::Choice(DELIVERY),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee,
    eligibility: Some(|context| {
        under_14_through_a_parent(
            context,
            Text::new(
                "Thẻ căn cước của trẻ dưới 14 tuổi do cha hoặc mẹ đề nghị từ tài khoản của mình.",
                "A card for a child under 14 is requested by a parent from their own account.",
            ),
        )
    }),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: DECISION_DOCUMENT,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::json;

    fn aged(date_of_birth: &str) -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "date_of_birth": date_of_birth })),
        );
        context
    }

    fn answers(reason: &str) -> Answers {
        let mut answers = Answers::default();
        answers.set("reason", reason.into());
        answers
    }

    #[test]
    fn the_reason_sets_the_fee() {
        let context = aged("1986-05-01");
        assert_eq!(fee(&answers("age"), &context), None);
        assert_eq!(fee(&answers("official_error"), &context), None);
        assert_eq!(fee(&answers("changed_details"), &context), Some(50_000));
        assert_eq!(fee(&answers("lost"), &context), Some(70_000));
        assert_eq!(fee(&answers("damaged"), &context), Some(70_000));
    }

    #[test]
    fn an_age_exchange_needs_the_registry_age_to_be_near_a_milestone() {
        let validate = DEFINITION.step("reason").unwrap().validate.unwrap();
        assert!(
            validate(&answers("age"), &aged("1986-05-01")).is_empty(),
            "40"
        );
        assert!(
            validate(&answers("age"), &aged("2001-12-01")).is_empty(),
            "24, in the two years before 25"
        );
        let refused = validate(&answers("age"), &aged("1981-05-01"));
        assert_eq!(refused[0].0, "reason", "45 is no milestone");
        assert!(validate(&answers("lost"), &aged("1981-05-01")).is_empty());
    }

    #[test]
    fn each_reason_asks_its_own_details() {
        let context = aged("1986-05-01");
        let ids = |reason| {
            DEFINITION
                .asked_steps(&answers(reason), &context)
                .iter()
                .map(|step| step.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(ids("age"), ["reason", "delivery"]);
        assert_eq!(ids("lost"), ["reason", "loss", "delivery"]);
        assert_eq!(
            ids("changed_details"),
            ["reason", "changed-details", "delivery"]
        );
        assert_eq!(
            ids("official_error"),
            ["reason", "official-error", "delivery"]
        );
    }

    #[test]
    fn a_child_under_14_cannot_apply_alone_but_a_parent_can_for_them() {
        let eligible = DEFINITION.eligibility.unwrap();
        assert!(eligible(&aged("2016-01-01")).is_err());
        assert!(eligible(&aged("2010-01-01")).is_ok());
        let mut by_a_parent = aged("2016-01-01");
        by_a_parent.insert(
            crate::engine::REPRESENTATIVE,
            json!({ "personal_id": "079086000123", "full_name": "Nguyễn Văn An" }),
        );
        assert!(eligible(&by_a_parent).is_ok());
    }
}
