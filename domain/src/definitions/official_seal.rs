//! Service 13: a new official seal and its seal-sample certificate. The organisation's legal
//! representative names the organisation and its founding decision, says why a seal is needed
//! and how many; a replacement names the certificate it replaces, and a lost seal when it was
//! lost and where the loss was reported. Enterprises choose their own seals since the 2020 Law on
//! Enterprises and are told so.

use super::common::{adult_applicant, DECISION_DOCUMENT, DECLARATION, SIGN_IN_LEVEL_2};
use super::seals::{
    per_seal_fee, ORGANISATION_NAME, REPRESENTATIVE_POSITION, SEALS_STEP, SEAL_PREFILLED,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{Answers, Concerns, Context, Definition, Kind, Options, Question, Step};
use crate::text::Text;

const ENTERPRISE: &str = "enterprise";

/// Reasons that replace a seal already registered, so the old certificate is named.
fn replaces_a_seal(answers: &Answers, _: &Context) -> bool {
    matches!(answers.get("reason"), Some("renamed" | "damaged" | "lost"))
}

fn organisation_checks(answers: &Answers, _: &Context) -> Vec<(&'static str, Text)> {
    if answers.is("organisation_type", ENTERPRISE) {
        vec![(
            "organisation_type",
            Text::new(
                "Doanh nghiệp tự quyết định số lượng, hình thức và nội dung con dấu, không đăng ký mẫu dấu với cơ quan công an (Luật Doanh nghiệp 2020)",
                "Enterprises decide their own seals and do not register them with the police (Law on Enterprises 2020)",
            ),
        )]
    } else {
        vec![]
    }
}

/// A seal cannot be lost before the organisation existed.
fn loss_checks(answers: &Answers, _: &Context) -> Vec<(&'static str, Text)> {
    match (answers.get("lost_on"), answers.get("founded_on")) {
        (Some(lost), Some(founded)) if lost < founded => vec![(
            "lost_on",
            Text::new(
                "Ngày mất con dấu không thể trước ngày ban hành quyết định thành lập",
                "The seal cannot have been lost before the founding decision was issued",
            ),
        )],
        _ => vec![],
    }
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 13,
        slug: "official-seal",
        procedure_code: None,
        name: Text::new(
            "Làm con dấu mới, cấp giấy chứng nhận mẫu dấu",
            "Make a new official seal and register its sample",
        ),
        summary: Text::new(
            "Đăng ký mẫu con dấu mới của cơ quan, tổ chức.",
            "Register the sample of a new official seal for an organisation.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Người đại diện theo pháp luật của cơ quan, tổ chức.",
            "The legal representative of an organisation.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Quyết định thành lập hoặc giấy phép hoạt động (tệp PDF)",
                "The founding decision or operating licence (PDF)",
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
            questions: &[
                ORGANISATION_NAME,
                Question {
                    id: "organisation_type",
                    label: Text::new("Loại hình tổ chức", "Kind of organisation"),
                    hint: None,
                    kind: Kind::Choice(Options::Fixed(&[
                        (
                            "state_agency",
                            Text::new("Cơ quan nhà nước", "State agency"),
                        ),
                        (
                            "public_unit",
                            Text::new("Đơn vị sự nghiệp công lập", "Public service unit"),
                        ),
                        (
                            "association",
                            Text::new(
                                "Hội, quỹ xã hội, quỹ từ thiện",
                                "Association or charitable fund",
                            ),
                        ),
                        (
                            "religious",
                            Text::new("Tổ chức tôn giáo", "Religious organisation"),
                        ),
                        ("cooperative", Text::new("Hợp tác xã", "Cooperative")),
                        (ENTERPRISE, Text::new("Doanh nghiệp", "Enterprise")),
                    ])),
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(organisation_checks),
            checks: &[],
        },
        Step {
            id: "founding",
            title: Text::new(
                "Quyết định thành lập hoặc giấy phép hoạt động",
                "Founding decision or operating licence",
            ),
            questions: &[
                Question {
                    id: "founding_number",
                    label: Text::new(
                        "Số quyết định hoặc giấy phép",
                        "Number of the decision or licence",
                    ),
                    hint: Some(Text::new("Ví dụ 125/QĐ-UBND", "For example 125/QĐ-UBND")),
                    kind: Kind::Text { max_chars: 50 },
                    optional: false,
                },
                Question {
                    id: "founding_authority",
                    label: Text::new("Cơ quan ban hành", "Issued by"),
                    hint: None,
                    kind: Kind::Text { max_chars: 200 },
                    optional: false,
                },
                Question {
                    id: "founded_on",
                    label: Text::new("Ngày ban hành", "Date of issue"),
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
            id: "position",
            title: Text::new("Người đại diện theo pháp luật", "The legal representative"),
            questions: &[REPRESENTATIVE_POSITION],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "reason",
            title: Text::new("Lý do làm con dấu", "Why a seal is needed"),
            questions: &[Question {
                id: "reason",
                label: Text::new("Lý do", "Reason"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "first",
                        Text::new(
                            "Tổ chức mới thành lập, chưa có con dấu",
                            "A new organisation with no seal yet",
                        ),
                    ),
                    (
                        "renamed",
                        Text::new("Tổ chức đổi tên", "The organisation changed its name"),
                    ),
                    (
                        "damaged",
                        Text::new("Con dấu bị mòn, hỏng", "The seal is worn or damaged"),
                    ),
                    ("lost", Text::new("Con dấu bị mất", "The seal was lost")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "previous-certificate",
            title: Text::new(
                "Giấy chứng nhận mẫu dấu đã cấp",
                "The seal's current certificate",
            ),
            questions: &[Question {
                id: "previous_certificate",
                label: Text::new(
                    "Số giấy chứng nhận đăng ký mẫu con dấu",
                    "Number of the seal-sample certificate",
                ),
                hint: Some(Text::new(
                    "Ghi ở góc trên giấy chứng nhận",
                    "Printed at the top of the certificate",
                )),
                kind: Kind::Text { max_chars: 30 },
                optional: false,
            }],
            show_if: Some(replaces_a_seal),
            validate: None,
            checks: &[],
        },
        Step {
            id: "loss",
            title: Text::new("Việc mất con dấu", "The lost seal"),
            questions: &[
                Question {
                    id: "lost_on",
                    label: Text::new("Ngày phát hiện mất con dấu", "When the loss was noticed"),
                    hint: None,
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
                Question {
                    id: "loss_reported_to",
                    label: Text::new(
                        "Nơi đã trình báo mất con dấu",
                        "Where the loss was reported",
                    ),
                    hint: Some(Text::new(
                        "Ví dụ: Công an phường Bến Nghé",
                        "For example: Bến Nghé ward police",
                    )),
                    kind: Kind::Text { max_chars: 200 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("reason", "lost")),
            validate: Some(loss_checks),
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
    fn enterprises_are_told_they_need_no_registration() {
        let context = Context::default();
        assert_eq!(
            organisation_checks(&answers(&[("organisation_type", ENTERPRISE)]), &context).len(),
            1
        );
        assert!(
            organisation_checks(&answers(&[("organisation_type", "association")]), &context)
                .is_empty()
        );
    }

    #[test]
    fn replacements_name_the_old_certificate_and_a_loss_its_date() {
        let context = Context::default();
        let first = answers(&[("reason", "first")]);
        assert!(!DEFINITION
            .step("previous-certificate")
            .unwrap()
            .is_asked(&first, &context));
        let lost = answers(&[
            ("reason", "lost"),
            ("founded_on", "2020-01-10"),
            ("lost_on", "2019-12-01"),
        ]);
        assert!(DEFINITION
            .step("previous-certificate")
            .unwrap()
            .is_asked(&lost, &context));
        assert!(DEFINITION.step("loss").unwrap().is_asked(&lost, &context));
        assert_eq!(loss_checks(&lost, &context)[0].0, "lost_on");
    }

    #[test]
    fn the_fee_is_per_seal() {
        assert_eq!(
            per_seal_fee(&answers(&[("count", "3")]), &Context::default()),
            Some(150_000)
        );
    }
}
