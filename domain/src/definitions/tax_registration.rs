//! Service 18: registering for tax for the first time, or changing tax registration details. The
//! registry says which: a citizen with a tax code on record changes details, one without registers.
//! Since 1 July 2025 the personal ID number is the individual's tax code (Circular 86/2024), so a
//! first registration links it to the tax authority instead of issuing a new number.

use super::common::{
    decision_number, permanent_address, ADDRESS, ADULT_RESIDENT, DECLARATION, FREE, IDENTITY,
    SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::text::{Lang, Text};

/// The tax code the registry holds for the applicant, once they are registered for tax.
fn tax_code(context: &Context) -> Option<String> {
    PERSON.read(context)?.tax_code
}

fn registered(context: &Context) -> bool {
    tax_code(context).is_some()
}

/// Whether the answers concern `detail`: always for a first registration, otherwise only when
/// the citizen said it changed.
fn concerns(answers: &Answers, context: &Context, detail: &str) -> bool {
    !registered(context) || answers.includes("changes", detail)
}

fn asks_employer(answers: &Answers, context: &Context) -> bool {
    if registered(context) {
        answers.includes("changes", "employer")
    } else {
        answers.is("income_kind", "salary")
    }
}

/// A business's tax code: 10 digits, or 13 for a branch (10, a hyphen, 3).
fn valid_business_tax_code(code: &str) -> bool {
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    match code.split_once('-') {
        Some((main, branch)) => {
            main.len() == 10 && branch.len() == 3 && digits(main) && digits(branch)
        }
        None => code.len() == 10 && digits(code),
    }
}

fn notice_address_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    let home = permanent_address(context).unwrap_or_default();
    vec![
        Choice::new(
            "permanent",
            format!(
                "{} {home}",
                Text::new("Nơi thường trú:", "Your permanent residence:").get(lang)
            ),
        ),
        Choice::new(
            "other",
            Text::new("Một địa chỉ khác", "Another address").get(lang),
        ),
    ]
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Mã số thuế", "Tax code"),
        value: |context, lang| {
            Some(match tax_code(context) {
                Some(code) => code,
                None => Text::new("Chưa đăng ký thuế", "Not registered for tax yet")
                    .get(lang)
                    .to_string(),
            })
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 18,
        slug: "tax-registration",
        procedure_code: None,
        name: Text::new(
            "Đăng ký thuế lần đầu, thay đổi thông tin đăng ký thuế",
            "Register for tax or change your tax details",
        ),
        summary: Text::new(
            "Đăng ký mã số thuế cá nhân hoặc cập nhật thông tin đăng ký thuế.",
            "Get a personal tax code or update your tax registration details.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::Tax,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "income",
            title: Text::new("Thu nhập của bạn", "Your income"),
            questions: &[Question {
                id: "income_kind",
                label: Text::new("Thu nhập chính của bạn từ đâu?", "Where does your main income come from?"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("salary", Text::new("Tiền lương, tiền công", "Wages or salary")),
                    ("business", Text::new("Kinh doanh (hộ, cá nhân kinh doanh)", "Running a business")),
                    ("other", Text::new("Cho thuê tài sản, đầu tư hoặc khác", "Renting out property, investments or other")),
                ])),
                optional: false,
            }],
            show_if: Some(|_, context| !registered(context)),
            validate: None,
            checks: &[],
        },
        Step {
            id: "changes",
            title: Text::new("Thông tin thay đổi", "What has changed"),
            questions: &[Question {
                id: "changes",
                label: Text::new("Thông tin nào cần thay đổi?", "Which details have changed?"),
                hint: Some(Text::new(
                    "Họ tên, ngày sinh, nơi thường trú được cập nhật tự động từ cơ sở dữ liệu dân cư",
                    "Your name, date of birth and permanent residence are updated from the population database automatically",
                )),
                kind: Kind::Choices(Options::Fixed(&[
                    ("address", Text::new("Địa chỉ nhận thông báo thuế", "Address for tax notices")),
                    ("email", Text::new("Thư điện tử", "Email address")),
                    ("employer", Text::new("Nơi trả thu nhập (người sử dụng lao động)", "Employer paying your income")),
                ])),
                optional: false,
            }],
            show_if: Some(|_, context| registered(context)),
            validate: None,
            checks: &[],
        },
        Step {
            id: "employer",
            title: Text::new("Nơi trả thu nhập", "Your employer"),
            questions: &[
                Question {
                    id: "employer_tax_code",
                    label: Text::new("Mã số thuế của nơi trả thu nhập", "Your employer's tax code"),
                    hint: Some(Text::new("10 chữ số, hoặc 13 với đơn vị phụ thuộc (ví dụ 0100109106-001)", "10 digits, or 13 for a branch (for example 0100109106-001)")),
                    kind: Kind::Text { max_chars: 14 },
                    optional: false,
                },
                Question {
                    id: "employer_name",
                    label: Text::new("Tên nơi trả thu nhập", "Your employer's name"),
                    hint: None,
                    kind: Kind::Text { max_chars: 200 },
                    optional: false,
                },
            ],
            show_if: Some(asks_employer),
            validate: Some(|answers, _| {
                if answers.get("employer_tax_code").is_some_and(|code| !valid_business_tax_code(code)) {
                    vec![(
                        "employer_tax_code",
                        Text::new("Mã số thuế gồm 10 chữ số, hoặc 10 chữ số, gạch nối và 3 chữ số", "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits"),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "notices",
            title: Text::new("Địa chỉ nhận thông báo thuế", "Address for tax notices"),
            questions: &[Question {
                id: "notice_address",
                label: Text::new("Cơ quan thuế gửi thông báo đến đâu?", "Where should the tax office send notices?"),
                hint: None,
                kind: Kind::Choice(Options::FromContext(notice_address_choices)),
                optional: false,
            }],
            show_if: Some(|answers, context| concerns(answers, context, "address")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "address",
            title: Text::new("Địa chỉ nhận thông báo", "Address for notices"),
            questions: &ADDRESS,
            show_if: Some(|answers, context| concerns(answers, context, "address") && answers.is("notice_address", "other")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "email",
            title: Text::new("Thư điện tử", "Email address"),
            questions: &[Question {
                id: "email",
                label: Text::new("Thư điện tử nhận thông báo thuế", "Email address for tax notices"),
                hint: Some(Text::new("Cơ quan thuế gửi thông báo và chứng từ điện tử đến địa chỉ này", "The tax office sends notices and e-documents here")),
                kind: Kind::Email,
                optional: false,
            }],
            show_if: Some(|answers, context| concerns(answers, context, "email")),
            validate: None,
            checks: &[],
        },
    ],
    fee: super::common::free,
    eligibility: Some(super::common::adult_applicant),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            if registered(submitted.context) {
                vec![
                    decision_number(submitted),
                    OutcomeLine {
                        label: Text::new("Mã số thuế (không đổi)", "Tax code (unchanged)"),
                        value: tax_code(submitted.context).unwrap_or_default(),
                    },
                ]
            } else {
                vec![OutcomeLine {
                    label: Text::new("Mã số thuế của bạn (số định danh cá nhân)", "Your tax code (your personal ID number)"),
                    value: submitted.subject_id.to_string(),
                }]
            }
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::json;

    fn context(tax_code: Option<&str>) -> Context {
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "tax_code": tax_code })),
        );
        context
    }

    fn asked(answers: &Answers, context: &Context) -> Vec<&'static str> {
        DEFINITION
            .asked_steps(answers, context)
            .iter()
            .map(|step| step.id)
            .collect()
    }

    #[test]
    fn a_first_registration_asks_income_then_contact_details() {
        let context = context(None);
        let mut answers = Answers::default();
        answers.set("income_kind", "business".into());
        assert_eq!(asked(&answers, &context), ["income", "notices", "email"]);
        answers.set("income_kind", "salary".into());
        answers.set("notice_address", "other".into());
        assert_eq!(
            asked(&answers, &context),
            ["income", "employer", "notices", "address", "email"]
        );
    }

    #[test]
    fn a_change_asks_only_what_changed() {
        let context = context(Some("8012345678"));
        let mut answers = Answers::default();
        answers.set("changes", "email".into());
        assert_eq!(asked(&answers, &context), ["changes", "email"]);
        answers.set("changes", "address,employer".into());
        answers.set("notice_address", "permanent".into());
        assert_eq!(
            asked(&answers, &context),
            ["changes", "employer", "notices"]
        );
    }

    #[test]
    fn business_tax_codes_have_10_or_13_digits() {
        assert!(valid_business_tax_code("0100109106"));
        assert!(valid_business_tax_code("0100109106-001"));
        assert!(!valid_business_tax_code("010010910"));
        assert!(!valid_business_tax_code("0100109106-01"));
    }
}
