//! Service 12: an ordinary passport — the first one, or a new one for an expired, damaged or lost
//! passport or changed details (Exit and Entry Law 2019). A parent applies for their child under
//! 14, whose own details are then printed.
//!
//! A lost passport is to be reported within 48 hours of noticing the loss (art. 28); a later
//! report must explain what prevented it. The loss is reported by this application, whose dates
//! are days: reported more than 2 days after the day the loss was noticed, it is surely late, and
//! the agency asks the reason before deciding — "more information needed", which a test brings
//! about by dating the loss a week or more back.

use super::common::{
    days_until_sent, under_14_through_a_parent, DECISION_DOCUMENT, DECLARATION, DELIVERY, IDENTITY,
    SCANNED_PAPER, SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, InformationRequest, Kind, Options, Prefilled, Question,
    Step, Submitted,
};
use crate::text::Text;

const FEE_VND: u64 = 200_000;
const LOST_FEE_VND: u64 = 400_000;

/// A Vietnamese passport number: one letter then seven digits, such as C1234567.
fn is_passport_number(number: &str) -> bool {
    let mut chars = number.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && number.len() == 8
        && chars.all(|c| c.is_ascii_digit())
}

fn passport_number_refusal(answers: &Answers, field: &'static str) -> Vec<(&'static str, Text)> {
    match answers.get(field) {
        Some(number) if !is_passport_number(number) => vec![(
            field,
            Text::new(
                "Số hộ chiếu gồm 1 chữ cái và 7 chữ số, ví dụ C1234567",
                "A passport number is one letter and 7 digits, for example C1234567",
            ),
        )],
        _ => vec![],
    }
}

fn has_old_passport(answers: &Answers) -> bool {
    answers
        .get("case")
        .is_some_and(|case| !matches!(case, "first" | "lost"))
}

/// The most days between noticing a loss and reporting it that can still be within the 48 hours.
const LOSS_REPORT_DAYS: i64 = 2;

/// A loss reported late: the agency asks why, and for a paper that shows it if there is one.
fn late_loss_report(submitted: &Submitted) -> Option<InformationRequest> {
    if !submitted.answers.is("case", "lost") {
        return None;
    }
    (days_until_sent(submitted, "lost_on")? > LOSS_REPORT_DAYS).then_some(InformationRequest {
        message: Text::new(
            "Hộ chiếu được báo mất sau hơn 48 giờ kể từ khi phát hiện mất. Theo Luật Xuất cảnh, nhập cảnh của công dân Việt Nam, khi báo mất chậm phải giải thích cụ thể lý do. Hãy cho biết lý do; nếu có giấy tờ chứng minh (ví dụ xác nhận của công an nơi bị mất), hãy gửi kèm.",
            "The passport was reported lost more than 48 hours after the loss was noticed. The Law on Exit and Entry of Vietnamese Citizens asks a late report to explain why. Please give the reason; if a paper shows it (for example a police record of the loss), attach it.",
        ),
        document: Some(SCANNED_PAPER),
    })
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Nơi sinh", "Place of birth"),
        value: |context, _| Some(PERSON.read(context)?.place_of_birth),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 12,
        slug: "passport",
        procedure_code: None,
        name: Text::new(
            "Cấp, cấp lại, sửa đổi hộ chiếu phổ thông",
            "Apply for, replace or amend an ordinary passport",
        ),
        summary: Text::new(
            "Làm hộ chiếu lần đầu, cấp lại khi hết hạn hoặc bị mất, sửa đổi thông tin.",
            "Get your first passport, replace an expired or lost one, or amend its details.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Công dân Việt Nam; trẻ dưới 14 tuổi do cha mẹ làm thay.",
            "Vietnamese citizens; parents apply for children under 14.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Ảnh chân dung nền trắng",
                "A portrait photo on a white background",
            ),
        ],
        fee: Text::new(
            "200.000 đồng; cấp lại do mất 400.000 đồng",
            "VND 200,000; VND 400,000 to replace a lost passport",
        ),
        time_limit: Text::new("8 ngày làm việc", "8 working days"),
    },
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "case",
            title: Text::new("Bạn cần hộ chiếu cho trường hợp nào?", "What do you need?"),
            questions: &[Question {
                id: "case",
                label: Text::new("Trường hợp", "Case"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "first",
                        Text::new("Cấp hộ chiếu lần đầu", "My first passport"),
                    ),
                    (
                        "expired",
                        Text::new(
                            "Hộ chiếu hết hạn, sắp hết hạn hoặc hết trang",
                            "My passport has expired, expires soon or is full",
                        ),
                    ),
                    (
                        "damaged",
                        Text::new("Hộ chiếu bị hư hỏng", "My passport is damaged"),
                    ),
                    (
                        "changed_details",
                        Text::new(
                            "Thông tin nhân thân đã thay đổi",
                            "My personal details have changed",
                        ),
                    ),
                    ("lost", Text::new("Hộ chiếu bị mất", "My passport was lost")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "old-passport",
            title: Text::new("Hộ chiếu đang có", "Your current passport"),
            questions: &[
                Question {
                    id: "old_number",
                    label: Text::new("Số hộ chiếu", "Passport number"),
                    hint: Some(Text::new(
                        "Ở góc trên bên phải trang thông tin, ví dụ C1234567",
                        "Top right of the data page, for example C1234567",
                    )),
                    kind: Kind::Text { max_chars: 8 },
                    optional: false,
                },
                Question {
                    id: "old_issued_on",
                    label: Text::new("Ngày cấp", "Date of issue"),
                    hint: Some(Text::new("Ví dụ 15/08/2018", "For example 15/08/2018")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| has_old_passport(answers)),
            validate: Some(|answers, _| passport_number_refusal(answers, "old_number")),
            checks: &[],
        },
        Step {
            id: "loss",
            title: Text::new("Hộ chiếu bị mất", "The lost passport"),
            questions: &[
                Question {
                    id: "lost_number",
                    label: Text::new("Số hộ chiếu bị mất", "Number of the lost passport"),
                    hint: Some(Text::new(
                        "Nếu bạn còn nhớ hoặc còn bản chụp",
                        "If you remember it or kept a copy",
                    )),
                    kind: Kind::Text { max_chars: 8 },
                    optional: true,
                },
                Question {
                    id: "lost_on",
                    label: Text::new("Ngày phát hiện mất", "When you noticed the loss"),
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
                    hint: Some(Text::new(
                        "Đây là đơn báo mất hộ chiếu của bạn",
                        "This is your report of the lost passport",
                    )),
                    kind: Kind::LongText { max_chars: 500 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("case", "lost")),
            validate: Some(|answers, _| passport_number_refusal(answers, "lost_number")),
            checks: &[],
        },
        Step {
            id: "portrait",
            title: Text::new("Ảnh chân dung", "Portrait"),
            questions: &[Question {
                id: "portrait",
                label: Text::new("Ảnh in trong hộ chiếu", "The photo in the passport"),
                hint: Some(Text::new(
                    "Ảnh 4x6, nền trắng, chụp trong 6 tháng gần đây",
                    "4x6, white background, taken in the last 6 months",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "id_record",
                        Text::new(
                            "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)",
                            "Use the photo on my ID record (I consent)",
                        ),
                    ),
                    (
                        "at_office",
                        Text::new(
                            "Chụp ảnh tại cơ quan quản lý xuất nhập cảnh",
                            "Have it taken at the immigration office",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "delivery",
            title: Text::new("Nhận hộ chiếu", "Receiving the passport"),
            questions: &[Question {
                id: "delivery",
                label: Text::new(
                    "Bạn muốn nhận hộ chiếu như thế nào?",
                    "How do you want to receive it?",
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
    fee: |answers, _| {
        Some(if answers.is("case", "lost") {
            LOST_FEE_VND
        } else {
            FEE_VND
        })
    },
    eligibility: Some(|context: &Context| {
        under_14_through_a_parent(
            context,
            Text::new(
                "Hộ chiếu của trẻ dưới 14 tuổi do cha hoặc mẹ đề nghị từ tài khoản của mình.",
                "A passport for a child under 14 is requested by a parent from their own account.",
            ),
        )
    }),
    ready: None,
    consent: None,
    more_information: Some(late_loss_report),
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: DECISION_DOCUMENT,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;

    #[test]
    fn a_lost_passport_costs_double_and_asks_for_the_loss_report() {
        let context = Context::default();
        let lost = answers(&[("case", "lost")]);
        assert_eq!((DEFINITION.fee)(&lost, &context), Some(400_000));
        assert_eq!(
            (DEFINITION.fee)(&answers(&[("case", "expired")]), &context),
            Some(200_000)
        );
        let steps = |answers: &Answers| {
            DEFINITION
                .asked_steps(answers, &context)
                .iter()
                .map(|step| step.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(steps(&lost), ["case", "loss", "portrait", "delivery"]);
        assert_eq!(
            steps(&answers(&[("case", "first")])),
            ["case", "portrait", "delivery"]
        );
        assert_eq!(
            steps(&answers(&[("case", "expired")])),
            ["case", "old-passport", "portrait", "delivery"]
        );
    }

    #[test]
    fn a_loss_reported_after_48_hours_needs_its_reason() {
        let asked = |lost_on: &str, today: &str| {
            let answers = answers(&[("case", "lost"), ("lost_on", lost_on)]);
            let mut context = Context::default();
            context.insert("today", serde_json::json!(today));
            let submitted = Submitted {
                answers: &answers,
                context: &context,
                subject_id: "079086000123",
                reference: "HS202600000001",
            };
            late_loss_report(&submitted)
        };
        // Noticed two days before: perhaps within the 48 hours, so not asked.
        assert!(asked("2026-11-18", "2026-11-20").is_none());
        let late = asked("2026-11-17", "2026-11-20").expect("a request");
        assert!(late.message.en.contains("48 hours"));
        assert!(late.document.is_some());
        // Only a lost passport is asked about.
        let expired = answers(&[("case", "expired"), ("lost_on", "2020-01-01")]);
        let context = Context::default();
        let submitted = Submitted {
            answers: &expired,
            context: &context,
            subject_id: "079086000123",
            reference: "HS202600000001",
        };
        assert!(late_loss_report(&submitted).is_none());
    }

    #[test]
    fn passport_numbers_are_one_letter_and_seven_digits() {
        assert!(is_passport_number("C1234567"));
        assert!(!is_passport_number("C123456"));
        assert!(!is_passport_number("12345678"));
        assert!(!is_passport_number("CC234567"));
        assert!(
            passport_number_refusal(&answers(&[]), "lost_number").is_empty(),
            "optional when lost"
        );
        assert_eq!(
            passport_number_refusal(&answers(&[("old_number", "B12")]), "old_number").len(),
            1
        );
    }
}
