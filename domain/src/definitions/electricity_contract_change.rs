//! Service 25: moving an electricity contract to another holder. The citizen picks one of the
//! contracts the registry holds in their name, or types the customer code of another (a buyer
//! taking over the seller's contract); says why; and names the new holder: themselves, an adult
//! of their household (known to the registry, so nothing is typed), or someone else, whose
//! identity is checked against the registry. A contract cannot move to the person who holds it.

use super::common::{
    applicant_age, free, parse_date, personal_id_of, within_years_of_today, ADULT_RESIDENT,
    DECISION_DOCUMENT, DECLARATION, FREE, IDENTITY, PHONE, SIGN_IN_LEVEL_2,
};
use super::sources::{ELECTRICITY_CONTRACTS, HOUSEHOLD, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Kind, Options, Prefilled, Question,
    RegistryCheck, Step,
};
use crate::records::Member;
use crate::text::{Lang, Text};

type Refusals = Vec<(&'static str, Text)>;

const TYPED_CODE: &str = "other";
const ME: &str = "me";
const SOMEONE_ELSE: &str = "someone_else";

fn contract_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    ELECTRICITY_CONTRACTS
        .read(context)
        .into_iter()
        .map(|contract| {
            let code = contract.contract_number;
            let address = contract.address.unwrap_or_default();
            Choice::new(&code, format!("{code} — {address}"))
        })
        .chain(std::iter::once(Choice::new(
            TYPED_CODE,
            Text::new(
                "Hợp đồng khác (nhập mã khách hàng trên hóa đơn tiền điện)",
                "Another contract (type the customer code on its bill)",
            )
            .get(lang),
        )))
        .collect()
}

/// A customer code as printed on bills: `PE` and eleven digits, spaces and case ignored.
fn normalise_code(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase()
}

fn is_customer_code(code: &str) -> bool {
    code.len() == 13 && code.starts_with("PE") && code[2..].bytes().all(|b| b.is_ascii_digit())
}

fn code_checks(answers: &Answers, _: &Context) -> Refusals {
    match answers.get("customer_code") {
        Some(code) if !is_customer_code(&normalise_code(code)) => vec![(
            "customer_code",
            Text::new(
                "Mã khách hàng gồm chữ PE và 11 chữ số, ví dụ PE01000012345",
                "A customer code is PE followed by 11 digits, for example PE01000012345",
            ),
        )],
        _ => vec![],
    }
}

/// The contract's customer code, chosen or typed.
fn contract_code(answers: &Answers) -> Option<String> {
    match answers.get("contract")? {
        TYPED_CODE => answers.get("customer_code").map(normalise_code),
        code => Some(code.to_string()),
    }
}

fn held_by_applicant(answers: &Answers, context: &Context) -> bool {
    contract_code(answers).is_some_and(|code| {
        ELECTRICITY_CONTRACTS
            .read(context)
            .iter()
            .any(|contract| contract.contract_number == code)
    })
}

/// Adults of the applicant's household other than the applicant, who may take over a contract.
fn adult_members(context: &Context) -> impl Iterator<Item = Member> {
    let me = PERSON
        .read(context)
        .map(|person| person.personal_id)
        .unwrap_or_default();
    let today = context.get("today").as_str().and_then(parse_date);
    HOUSEHOLD
        .read(context)
        .map(|household| household.members)
        .unwrap_or_default()
        .into_iter()
        .filter(move |member| member.personal_id != me)
        .filter(move |member| {
            parse_date(&member.date_of_birth)
                .zip(today)
                .is_some_and(|(birth, today)| crate::age::completed_years(birth, today) >= 18)
        })
}

fn holder_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    let mut choices = vec![Choice::new(ME, Text::new("Tôi", "Me").get(lang))];
    choices.extend(adult_members(context).map(|member| {
        let label = format!("{} ({})", member.full_name, member.relation_label);
        Choice::new(member.personal_id, label)
    }));
    choices.push(Choice::new(
        SOMEONE_ELSE,
        Text::new(
            "Người khác, ngoài hộ gia đình tôi",
            "Someone outside my household",
        )
        .get(lang),
    ));
    choices
}

fn holder_checks(answers: &Answers, context: &Context) -> Refusals {
    let mut refusals = Vec::new();
    if answers.is("new_holder", ME) && held_by_applicant(answers, context) {
        refusals.push((
            "new_holder",
            Text::new(
                "Hợp đồng này đang đứng tên bạn; hãy chọn người nhận hợp đồng",
                "This contract is already in your name; choose who takes it over",
            ),
        ));
    }
    if answers.is("new_holder", ME) && applicant_age(context).is_some_and(|age| age < 18) {
        refusals.push((
            "new_holder",
            Text::new(
                "Người đứng tên hợp đồng phải từ đủ 18 tuổi",
                "A contract holder must be 18 or over",
            ),
        ));
    }
    refusals
}

fn date_checks(answers: &Answers, context: &Context) -> Refusals {
    if within_years_of_today(answers, context, "from", 1) {
        vec![]
    } else {
        vec![(
            "from",
            Text::new(
                "Ngày chuyển tối đa 1 năm kể từ hôm nay",
                "The date can be at most a year from today",
            ),
        )]
    }
}

const PREFILLED: [Prefilled; 5] = [IDENTITY[0], IDENTITY[1], IDENTITY[2], IDENTITY[3], PHONE];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 25,
        slug: "electricity-contract-change",
        procedure_code: None,
        name: Text::new("Thay đổi chủ thể hợp đồng mua bán điện", "Transfer an electricity contract"),
        summary: Text::new(
            "Chuyển hợp đồng mua điện sang tên người khác khi mua nhà hoặc thay đổi chủ hộ.",
            "Move an electricity contract to another person when a home is sold or the household head changes.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::Electricity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Mã khách hàng trên hóa đơn tiền điện", "The customer code on the electricity bill"),
        ],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, HOUSEHOLD.source, ELECTRICITY_CONTRACTS.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "contract",
            title: Text::new("Hợp đồng mua bán điện", "The electricity contract"),
            questions: &[Question {
                id: "contract",
                label: Text::new("Chọn hợp đồng", "Choose the contract"),
                hint: Some(Text::new("Các hợp đồng đang đứng tên bạn", "The contracts in your name")),
                kind: Kind::Choice(Options::FromContext(contract_choices)),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "customer-code",
            title: Text::new("Mã khách hàng", "Customer code"),
            questions: &[Question {
                id: "customer_code",
                label: Text::new("Mã khách hàng", "Customer code"),
                hint: Some(Text::new(
                    "In trên hóa đơn tiền điện, ví dụ PE01000012345",
                    "Printed on the electricity bill, for example PE01000012345",
                )),
                kind: Kind::Text { max_chars: 16 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("contract", TYPED_CODE)),
            validate: Some(code_checks),
            checks: &[],
        },
        Step {
            id: "reason",
            title: Text::new("Lý do thay đổi", "Why the contract changes hands"),
            questions: &[Question {
                id: "reason",
                label: Text::new("Lý do", "Reason"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("sale", Text::new("Mua bán, tặng cho nhà", "The home was sold or given")),
                    ("head_changed", Text::new("Thay đổi chủ hộ", "The head of household changed")),
                    ("holder_died", Text::new("Người đứng tên hợp đồng đã mất", "The holder has died")),
                    ("tenancy", Text::new("Cho thuê nhà, người thuê đứng tên", "The home is let and the tenant takes over")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "new-holder",
            title: Text::new("Người đứng tên mới", "The new holder"),
            questions: &[Question {
                id: "new_holder",
                label: Text::new("Ai sẽ đứng tên hợp đồng?", "Who will hold the contract?"),
                hint: Some(Text::new(
                    "Thành viên đã thành niên trong hộ gia đình bạn, theo cơ sở dữ liệu dân cư",
                    "Adults of your household, from the population database",
                )),
                kind: Kind::Choice(Options::FromContext(holder_choices)),
                optional: false,
            }],
            show_if: None,
            validate: Some(holder_checks),
            checks: &[],
        },
        Step {
            id: "new-holder-details",
            title: Text::new("Người đứng tên mới", "The new holder"),
            questions: &[
                personal_id_of(
                    "holder_id",
                    Text::new(
                        "Số định danh cá nhân của người đứng tên mới",
                        "The new holder's personal ID number",
                    ),
                ),
                Question {
                    id: "holder_name",
                    label: Text::new("Họ và tên người đứng tên mới", "The new holder's full name"),
                    hint: None,
                    kind: Kind::PersonName { max_chars: 100 },
                    optional: false,
                },
                Question {
                    id: "holder_dob",
                    label: Text::new("Ngày sinh của người đứng tên mới", "The new holder's date of birth"),
                    hint: Some(Text::new("Ví dụ 27/03/1975", "For example 27/03/1975")),
                    kind: Kind::Date { past: true, future: false },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("new_holder", SOMEONE_ELSE)),
            validate: None,
            checks: &[RegistryCheck::VerifyPerson {
                id: "holder_id",
                name: "holder_name",
                date_of_birth: "holder_dob",
            }],
        },
        Step {
            id: "from",
            title: Text::new("Ngày chuyển hợp đồng", "When the contract moves"),
            questions: &[Question {
                id: "from",
                label: Text::new("Chuyển từ ngày", "Moves on"),
                hint: Some(Text::new(
                    "Điện lực chốt chỉ số công tơ vào ngày này; tiền điện trước đó do người đứng tên cũ thanh toán",
                    "The meter is read on this day; the previous holder pays for what was used before it",
                )),
                kind: Kind::Date { past: false, future: true },
                optional: false,
            }],
            show_if: None,
            validate: Some(date_checks),
            checks: &[],
        },
    ],
    fee: free,
    eligibility: None,
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Object(|answers, _| {
        contract_code(answers).map(|code| format!("electricity-contract:{code}"))
    }),
    trigger: None,
    declaration: DECLARATION,
    effects: DECISION_DOCUMENT,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::records::samples;
    use serde_json::json;

    fn context() -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(
                json!({ "personal_id": "056180000001", "date_of_birth": "1980-01-01" }),
            ),
        );
        context.insert(
            "electricity_contracts",
            json!([{ "contract_number": "PE56000000042", "address": "12 Lê Lợi, Phường 1, Khánh Hòa" }]),
        );
        let members = [
            json!({ "personal_id": "056180000001", "full_name": "Lê Thị Hoa", "date_of_birth": "1980-01-01", "relation_label": "Chủ hộ" }),
            json!({ "personal_id": "056205000002", "full_name": "Lê Văn Nam", "date_of_birth": "2005-02-02", "relation_label": "Con" }),
            json!({ "personal_id": "056212000003", "full_name": "Lê Văn Bé", "date_of_birth": "2012-03-03", "relation_label": "Con" }),
        ]
        .map(samples::member);
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "members": members })),
        );
        context
    }

    #[test]
    fn own_contracts_are_offered_and_other_codes_are_typed_in_their_printed_shape() {
        let choices = contract_choices(&context(), Lang::Vi);
        assert_eq!(choices[0].value, "PE56000000042");
        assert_eq!(choices.last().unwrap().value, TYPED_CODE);
        assert!(
            code_checks(&answers(&[("customer_code", "pe01 000012345")]), &context()).is_empty()
        );
        assert_eq!(
            code_checks(&answers(&[("customer_code", "PE0100")]), &context()).len(),
            1
        );
    }

    #[test]
    fn only_adult_household_members_are_offered_and_the_holder_cannot_take_their_own_contract() {
        let values: Vec<_> = holder_choices(&context(), Lang::Vi)
            .into_iter()
            .map(|choice| choice.value)
            .collect();
        assert_eq!(values, [ME, "056205000002", SOMEONE_ELSE]);
        let own = answers(&[("contract", "PE56000000042"), ("new_holder", ME)]);
        assert_eq!(holder_checks(&own, &context()).len(), 1);
        let bought = answers(&[
            ("contract", TYPED_CODE),
            ("customer_code", "PE01000012345"),
            ("new_holder", ME),
        ]);
        assert!(holder_checks(&bought, &context()).is_empty());
        let other = answers(&[("contract", "PE56000000042"), ("new_holder", SOMEONE_ELSE)]);
        assert!(DEFINITION
            .step("new-holder-details")
            .unwrap()
            .is_asked(&other, &context()));
        assert_eq!(
            date_checks(&answers(&[("from", "2028-01-01")]), &context()).len(),
            1
        );
    }
}
