//! Service 16: the death bundle. One application registers the death (the same questions as
//! service 10, and the same question of a late registration's reason), removes the permanent
//! residence (the registry does it with the death) and claims the funeral allowance from Social
//! Security, paid into the bank account of the family member who arranges the funeral.

use super::common::{
    display_vnd, BASE_SALARY_VND, DECLARATION, FREE, IDENTITY, SIGN_IN_LEVEL_2, YES_NO,
};
use super::death_registration::{
    death_certificate, deceased_concerned, deceased_id, late_registration, record_death, CAUSE,
    DEATH, DECEASED, DECEASED_IDENTITY, NOTICE,
};
use super::sources::{PERSON, RELATIVES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{Concerns, Definition, Effects, Kind, Options, OutcomeLine, Question, Step};
use crate::text::Text;

/// Social Insurance Law 2024, art. 86: ten times the base salary.
const FUNERAL_ALLOWANCE_VND: u64 = 10 * BASE_SALARY_VND;

const BANKS: Options = Options::Fixed(&[
    ("VCB", Text::new("Vietcombank", "Vietcombank")),
    ("BIDV", Text::new("BIDV", "BIDV")),
    ("VBA", Text::new("Agribank", "Agribank")),
    ("CTG", Text::new("VietinBank", "VietinBank")),
    ("TCB", Text::new("Techcombank", "Techcombank")),
    ("MB", Text::new("MB", "MB")),
]);

/// An account number as banks issue them: 6 to 19 digits.
fn valid_account_number(number: &str) -> bool {
    let digits: String = number.chars().filter(|c| !c.is_whitespace()).collect();
    (6..=19).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The last four digits, which is all the decision shows of an account.
fn masked(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    format!("****{}", &digits[digits.len().saturating_sub(4)..])
}

const INSURED: Step = Step {
    id: "insured",
    title: Text::new("Trợ cấp mai táng", "Funeral allowance"),
    questions: &[Question {
        id: "insured",
        label: Text::new(
            "Người đã mất có đang hưởng lương hưu, trợ cấp bảo hiểm xã hội hằng tháng, hoặc đã đóng bảo hiểm xã hội từ 12 tháng trở lên không?",
            "Was the person receiving a pension or a monthly social-insurance benefit, or had they paid social insurance for 12 months or more?",
        ),
        hint: Some(Text::new(
            "Khi đó người lo mai táng được nhận trợ cấp mai táng bằng 10 lần mức lương cơ sở",
            "If so, whoever arranges the funeral receives an allowance of ten times the base salary",
        )),
        kind: Kind::Choice(YES_NO),
        optional: false,
    }],
    show_if: None,
    validate: None,
    checks: &[],
};

const BANK_ACCOUNT: Step = Step {
    id: "bank-account",
    title: Text::new(
        "Tài khoản nhận trợ cấp mai táng",
        "Account for the funeral allowance",
    ),
    questions: &[
        Question {
            id: "bank",
            label: Text::new("Ngân hàng", "Bank"),
            hint: None,
            kind: Kind::Choice(BANKS),
            optional: false,
        },
        Question {
            id: "account_number",
            label: Text::new("Số tài khoản", "Account number"),
            hint: Some(Text::new(
                "Tài khoản mang tên bạn, từ 6 đến 19 chữ số",
                "An account in your name, 6 to 19 digits",
            )),
            kind: Kind::Text { max_chars: 25 },
            optional: false,
        },
        Question {
            id: "account_holder",
            label: Text::new("Tên chủ tài khoản", "Account holder's name"),
            hint: Some(Text::new(
                "Như in trên thẻ ngân hàng",
                "As printed on the bank card",
            )),
            kind: Kind::PersonName { max_chars: 100 },
            optional: false,
        },
    ],
    show_if: Some(|answers, _| answers.is("insured", "yes")),
    validate: Some(|answers, _| {
        if answers
            .get("account_number")
            .is_some_and(|number| !valid_account_number(number))
        {
            vec![(
                "account_number",
                Text::new(
                    "Số tài khoản gồm từ 6 đến 19 chữ số",
                    "An account number has 6 to 19 digits",
                ),
            )]
        } else {
            vec![]
        }
    }),
    checks: &[],
};

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 16,
        slug: "death-bundle",
        procedure_code: Some("1.006714"),
        name: Text::new(
            "Liên thông: khai tử – xóa thường trú – trợ cấp mai táng",
            "Death bundle: death registration, residence removal, funeral allowance",
        ),
        summary: Text::new(
            "Một lần khai: đăng ký khai tử, xóa đăng ký thường trú và đề nghị trợ cấp mai táng.",
            "One application registers a death, removes the permanent residence and claims the funeral allowance.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::Joint(Text::new(
            "UBND cấp xã, Công an, Bảo hiểm xã hội",
            "Commune People's Committee, Police, Social Security",
        )),
        who_can_use: Text::new(
            "Thân nhân của người đã mất.",
            "A family member of the deceased.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy báo tử", "The death notice"),
            Text::new("Tài khoản ngân hàng nhận trợ cấp", "A bank account for the allowance"),
        ],
        fee: FREE,
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, RELATIVES.source],
    prefilled: &IDENTITY,
    steps: &[
        DECEASED,
        DECEASED_IDENTITY,
        DEATH,
        CAUSE,
        NOTICE,
        INSURED,
        BANK_ACCOUNT,
    ],
    fee: super::common::free,
    eligibility: None,
    ready: None,
    consent: None,
    more_information: Some(late_registration),
    concerns: Concerns::Object(deceased_concerned),
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| vec![record_death(submitted)],
        outcome: |submitted, responses| {
            let answers = submitted.answers;
            let allowance = if answers.is("insured", "yes") {
                format!(
                    "{} → {} {}",
                    display_vnd(FUNERAL_ALLOWANCE_VND),
                    answers.get("bank").unwrap_or_default(),
                    masked(answers.get("account_number").unwrap_or_default())
                )
            } else {
                "—".to_string()
            };
            vec![
                death_certificate(responses.first()),
                OutcomeLine {
                    label: Text::new(
                        "Đã xóa đăng ký thường trú của",
                        "Permanent residence removed for",
                    ),
                    value: deceased_id(answers).to_string(),
                },
                OutcomeLine {
                    label: Text::new("Trợ cấp mai táng", "Funeral allowance"),
                    value: allowance,
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Answers, Context};

    #[test]
    fn the_bank_account_is_asked_only_for_an_insured_person_and_checked() {
        let context = Context::default();
        let mut answers = Answers::default();
        answers.set("insured", "no".into());
        assert!(!BANK_ACCOUNT.is_asked(&answers, &context));
        answers.set("insured", "yes".into());
        assert!(BANK_ACCOUNT.is_asked(&answers, &context));
        let validate = BANK_ACCOUNT.validate.unwrap();
        answers.set("account_number", "0123 4567 89".into());
        assert!(validate(&answers, &context).is_empty());
        answers.set("account_number", "12-AB".into());
        assert_eq!(validate(&answers, &context)[0].0, "account_number");
    }

    #[test]
    fn the_allowance_is_ten_base_salaries_paid_to_a_masked_account() {
        assert_eq!(FUNERAL_ALLOWANCE_VND, 23_400_000);
        assert_eq!(masked("0123456789"), "****6789");
        assert_eq!(masked("12"), "****12");
    }
}
