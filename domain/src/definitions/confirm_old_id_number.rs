//! Service 1: confirming the old 9-digit ID number (CMND) of a citizen who now holds a chip ID
//! card. The population database already links the old number to the personal ID, so the citizen
//! only says what the confirmation is for and how they want it; a citizen the registry holds no
//! old number for is told so before starting.

use super::common::{decision_number, DECLARATION, FREE, IDENTITY, SIGN_IN_LEVEL_2};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled, Question, Step,
};
use crate::text::Text;

fn old_id_number(context: &Context) -> Option<String> {
    PERSON
        .read(context)?
        .old_id_number
        .filter(|number| !number.is_empty())
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Số Chứng minh nhân dân đã cấp", "Old ID card (CMND) number"),
        value: |context, _| old_id_number(context),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 1,
        slug: "confirm-old-id-number",
        procedure_code: Some("2.001178"),
        name: Text::new(
            "Xác nhận số Chứng minh nhân dân khi đã được cấp thẻ Căn cước công dân",
            "Confirm your old ID (CMND) number",
        ),
        summary: Text::new(
            "Nhận giấy xác nhận số CMND 9 số cũ gắn với số định danh cá nhân, để dùng với ngân hàng và giấy tờ cũ.",
            "Get a confirmation that links your old 9-digit ID number to your personal ID, for banks and old papers.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Công dân đã được cấp CMND 9 số và nay có thẻ căn cước.",
            "Citizens who held a 9-digit ID card (CMND) and now hold a chip ID card.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "purpose",
            title: Text::new("Mục đích xác nhận", "What the confirmation is for"),
            questions: &[Question {
                id: "purpose",
                label: Text::new(
                    "Bạn cần giấy xác nhận để làm gì?",
                    "What do you need the confirmation for?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "bank",
                        Text::new("Giao dịch ngân hàng, chứng khoán", "Banking or securities"),
                    ),
                    (
                        "land",
                        Text::new("Giấy tờ nhà đất", "Land or housing papers"),
                    ),
                    (
                        "insurance",
                        Text::new(
                            "Bảo hiểm xã hội, bảo hiểm y tế",
                            "Social or health insurance",
                        ),
                    ),
                    ("other", Text::new("Việc khác", "Something else")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "purpose-other",
            title: Text::new("Mục đích khác", "Other purpose"),
            questions: &[Question {
                id: "purpose_detail",
                label: Text::new(
                    "Bạn dùng giấy xác nhận vào việc gì?",
                    "What will you use the confirmation for?",
                ),
                hint: Some(Text::new(
                    "Ví dụ: hồ sơ vay vốn, hợp đồng lao động",
                    "For example: a loan file, an employment contract",
                )),
                kind: Kind::Text { max_chars: 200 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("purpose", "other")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "form",
            title: Text::new("Hình thức nhận kết quả", "How you receive it"),
            questions: &[Question {
                id: "form",
                label: Text::new(
                    "Bạn muốn nhận giấy xác nhận như thế nào?",
                    "How do you want to receive the confirmation?",
                ),
                hint: Some(Text::new(
                    "Bản điện tử có giá trị như bản giấy và hiện trong ứng dụng VNeID",
                    "The electronic copy is worth the same as paper and shows in the VNeID app",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    ("electronic", Text::new("Bản điện tử", "Electronic copy")),
                    (
                        "paper",
                        Text::new(
                            "Bản giấy, nhận tại công an cấp xã nơi thường trú",
                            "Paper copy, collected at your commune police",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee: super::common::free,
    eligibility: Some(|context| {
        match old_id_number(context) {
        Some(_) => Ok(()),
        None => Err(Text::new(
            "Cơ sở dữ liệu dân cư không ghi nhận số Chứng minh nhân dân 9 số nào đã cấp cho bạn, nên không có số cũ để xác nhận. Nếu bạn từng được cấp CMND, hãy mang CMND cũ đến công an cấp xã nơi cư trú để bổ sung thông tin.",
            "The population database holds no 9-digit ID card (CMND) number issued to you, so there is no old number to confirm. If you did hold a CMND, take it to your commune police to have it added.",
        )),
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
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new(
                        "Số Chứng minh nhân dân được xác nhận",
                        "Old ID card number confirmed",
                    ),
                    value: old_id_number(submitted.context).unwrap_or_default(),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Answers;
    use crate::records::samples;
    use serde_json::json;

    #[test]
    fn only_a_citizen_with_an_old_number_can_apply_and_it_is_shown_not_asked() {
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "old_id_number": null })),
        );
        assert!(DEFINITION.eligibility.unwrap()(&context)
            .unwrap_err()
            .en
            .contains("no 9-digit"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "old_id_number": "025123456" })),
        );
        assert!(DEFINITION.eligibility.unwrap()(&context).is_ok());
        assert_eq!(
            (PREFILLED[4].value)(&context, crate::text::Lang::Vi).as_deref(),
            Some("025123456")
        );
    }

    #[test]
    fn another_purpose_is_described_in_words() {
        let context = Context::default();
        let mut answers = Answers::default();
        answers.set("purpose", "bank".into());
        assert_eq!(DEFINITION.asked_steps(&answers, &context).len(), 2);
        answers.set("purpose", "other".into());
        assert_eq!(DEFINITION.asked_steps(&answers, &context).len(), 3);
    }
}
