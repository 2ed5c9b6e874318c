//! Service 14: a miniature, embossed or wax seal for an organisation that already has its main
//! seal. The representative names the main seal's certificate, the kind of seal and what it is
//! for. Miniature and embossed seals also need their size, and a miniature must be smaller than
//! the main seal; wax seals are pressed by hand and have no fixed size.

use super::common::{adult_applicant, DECISION_DOCUMENT, DECLARATION, SIGN_IN_LEVEL_2};
use super::seals::{
    per_seal_fee, ORGANISATION_NAME, REPRESENTATIVE_POSITION, SEALS_STEP, SEAL_PREFILLED,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{Answers, Concerns, Context, Definition, Kind, Options, Question, Step};
use crate::text::Text;

/// Miniature seals are smaller copies of the main seal; the size is asked against this.
fn size_checks(answers: &Answers, _: &Context) -> Vec<(&'static str, Text)> {
    let parse = |id| answers.get(id).and_then(|value| value.parse::<u32>().ok());
    match (
        answers.get("kind"),
        parse("diameter_mm"),
        parse("main_diameter_mm"),
    ) {
        (Some("miniature"), Some(size), Some(main)) if size >= main => vec![(
            "diameter_mm",
            Text::new(
                "Con dấu thu nhỏ phải nhỏ hơn con dấu chính",
                "A miniature seal must be smaller than the main seal",
            ),
        )],
        _ => vec![],
    }
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 14,
        slug: "special-seal",
        procedure_code: None,
        name: Text::new(
            "Làm con dấu thu nhỏ, dấu nổi, dấu xi",
            "Make a miniature, embossed or wax seal",
        ),
        summary: Text::new(
            "Đăng ký con dấu thu nhỏ, dấu nổi hoặc dấu xi của tổ chức.",
            "Register a miniature, embossed or wax seal for an organisation.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Tổ chức đã có con dấu chính.",
            "Organisations that already have a main seal.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Giấy chứng nhận mẫu dấu hiện có",
                "The certificate of the existing seal",
            ),
        ],
        fee: Text::new("50.000 đồng", "VND 50,000"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &SEAL_PREFILLED,
    steps: &[
        Step {
            id: "organisation",
            title: Text::new("Cơ quan, tổ chức", "The organisation"),
            questions: &[ORGANISATION_NAME, REPRESENTATIVE_POSITION],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "main-seal",
            title: Text::new("Con dấu chính đã đăng ký", "The registered main seal"),
            questions: &[
                Question {
                    id: "main_certificate",
                    label: Text::new(
                        "Số giấy chứng nhận đăng ký mẫu con dấu",
                        "Number of the seal-sample certificate",
                    ),
                    hint: Some(Text::new(
                        "Của con dấu chính đang sử dụng",
                        "Of the main seal in use",
                    )),
                    kind: Kind::Text { max_chars: 30 },
                    optional: false,
                },
                Question {
                    id: "main_certified_on",
                    label: Text::new("Ngày cấp giấy chứng nhận", "Date of the certificate"),
                    hint: Some(Text::new("Ví dụ 15/03/2024", "For example 15/03/2024")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
            ],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "kind",
            title: Text::new("Loại con dấu", "Kind of seal"),
            questions: &[Question {
                id: "kind",
                label: Text::new("Loại con dấu cần làm", "The kind of seal to make"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("miniature", Text::new("Dấu thu nhỏ", "Miniature seal")),
                    ("embossed", Text::new("Dấu nổi", "Embossed seal")),
                    ("wax", Text::new("Dấu xi", "Wax seal")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "size",
            title: Text::new("Kích thước con dấu", "Size of the seal"),
            questions: &[
                Question {
                    id: "main_diameter_mm",
                    label: Text::new(
                        "Đường kính con dấu chính (mm)",
                        "Diameter of the main seal (mm)",
                    ),
                    hint: Some(Text::new(
                        "Ghi trên giấy chứng nhận mẫu dấu",
                        "As on the seal-sample certificate",
                    )),
                    kind: Kind::Number { min: 20, max: 60 },
                    optional: false,
                },
                Question {
                    id: "diameter_mm",
                    label: Text::new(
                        "Đường kính con dấu mới (mm)",
                        "Diameter of the new seal (mm)",
                    ),
                    hint: None,
                    kind: Kind::Number { min: 10, max: 60 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| !answers.is("kind", "wax")),
            validate: Some(size_checks),
            checks: &[],
        },
        Step {
            id: "use",
            title: Text::new("Mục đích sử dụng", "What the seal is for"),
            questions: &[Question {
                id: "use",
                label: Text::new(
                    "Con dấu dùng để đóng lên giấy tờ gì?",
                    "What documents will it be used on?",
                ),
                hint: Some(Text::new(
                    "Ví dụ: dấu nổi đóng lên ảnh trong thẻ học viên",
                    "For example: an embossed seal on the photos of student cards",
                )),
                kind: Kind::LongText { max_chars: 500 },
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        SEALS_STEP,
    ],
    fee: per_seal_fee,
    eligibility: Some(adult_applicant),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Nothing,
    trigger: None,
    declaration: DECLARATION,
    effects: DECISION_DOCUMENT,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;

    #[test]
    fn wax_seals_have_no_size_and_miniatures_are_smaller_than_the_main_seal() {
        let context = Context::default();
        let size = DEFINITION.step("size").unwrap();
        assert!(!size.is_asked(&answers(&[("kind", "wax")]), &context));
        assert!(size.is_asked(&answers(&[("kind", "embossed")]), &context));
        let too_big = answers(&[
            ("kind", "miniature"),
            ("main_diameter_mm", "36"),
            ("diameter_mm", "36"),
        ]);
        assert_eq!(size_checks(&too_big, &context)[0].0, "diameter_mm");
        let smaller = answers(&[
            ("kind", "miniature"),
            ("main_diameter_mm", "36"),
            ("diameter_mm", "20"),
        ]);
        assert!(size_checks(&smaller, &context).is_empty());
        let embossed = answers(&[
            ("kind", "embossed"),
            ("main_diameter_mm", "36"),
            ("diameter_mm", "40"),
        ]);
        assert!(size_checks(&embossed, &context).is_empty());
    }
}
