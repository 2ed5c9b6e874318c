//! Service 4: registering a temporary residence. The citizen gives the address and the period;
//! the owner consents through the portal (their ID number is checked against the registry) or a
//! rental contract is declared. A parent registers their child under 14 who stays there too.

use super::common::{
    owner_date_of_birth, owner_personal_id, within_years_of_today, ADDRESS, DECLARATION, IDENTITY,
};
use crate::engine::{
    Answers, Context, Definition, Effects, Kind, Options, OutcomeLine, Question, RegistryCheck,
    RegistryWrite, Source, Step,
};
use crate::text::Text;
use serde_json::json;

pub static DEFINITION: Definition = Definition {
    slug: "temporary-residence",
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[Source::Person, Source::Household],
    prefilled: &IDENTITY,
    steps: &[
        Step {
            id: "address",
            title: Text::new("Địa chỉ nơi tạm trú", "Address of your temporary residence"),
            questions: &ADDRESS,
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "period",
            title: Text::new("Thời hạn tạm trú", "How long you will stay"),
            questions: &[Question {
                id: "until",
                label: Text::new("Tạm trú đến ngày", "Staying until"),
                hint: Some(Text::new(
                    "Tối đa 2 năm kể từ hôm nay",
                    "At most 2 years from today",
                )),
                kind: Kind::Date {
                    past: false,
                    future: true,
                },
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, context| {
                within_years_of_today(answers, context, "until", 2)
                    .then_some(vec![])
                    .unwrap_or_else(|| {
                        vec![(
                            "until",
                            Text::new(
                                "Thời hạn tạm trú tối đa 2 năm",
                                "A temporary residence lasts at most 2 years",
                            ),
                        )]
                    })
            }),
            checks: &[],
        },
        Step {
            id: "lawful-home",
            title: Text::new("Chỗ ở hợp pháp", "Your right to live there"),
            questions: &[Question {
                id: "home_basis",
                label: Text::new(
                    "Bạn ở đó theo hình thức nào?",
                    "On what basis do you live there?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "owner_consent",
                        Text::new(
                            "Chủ nhà đồng ý qua cổng dịch vụ công",
                            "The owner consents through the portal",
                        ),
                    ),
                    (
                        "rental_contract",
                        Text::new("Hợp đồng thuê nhà", "A rental contract"),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "owner",
            title: Text::new("Chủ nhà", "The owner"),
            questions: &[
                owner_personal_id("owner_id"),
                Question {
                    id: "owner_name",
                    label: Text::new("Họ và tên chủ nhà", "The owner's full name"),
                    hint: None,
                    kind: Kind::Text { max_chars: 100 },
                    optional: false,
                },
                owner_date_of_birth("owner_dob"),
            ],
            show_if: Some(|answers, _| answers.is("home_basis", "owner_consent")),
            validate: None,
            checks: &[RegistryCheck::VerifyPerson {
                id: "owner_id",
                name: "owner_name",
                date_of_birth: "owner_dob",
            }],
        },
        Step {
            id: "contract",
            title: Text::new("Hợp đồng thuê nhà", "Rental contract"),
            questions: &[Question {
                id: "contract_number",
                label: Text::new("Số hợp đồng thuê nhà", "Rental contract number"),
                hint: Some(Text::new(
                    "Ghi trên hợp đồng đã công chứng hoặc chứng thực",
                    "As written on the notarised contract",
                )),
                kind: Kind::Text { max_chars: 50 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("home_basis", "rental_contract")),
            validate: None,
            checks: &[],
        },
    ],
    fee: |_: &Answers, _: &Context| Some(7_000),
    eligibility: None,
    ready: None,
    consent: None,
    more_information: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| {
            let answer = |id| submitted.answers.get(id).unwrap_or_default();
            vec![RegistryWrite {
                path: "/v1/residence/temporary",
                key: "temporary-residence",
                body: json!({
                    "personal_id": submitted.subject_id,
                    "province_code": answer("province").parse::<u16>().unwrap_or_default(),
                    "commune": answer("commune"),
                    "street": answer("street"),
                    "until": answer("until"),
                }),
            }]
        },
        outcome: |submitted, _| {
            vec![OutcomeLine {
                label: Text::new(
                    "Đã đăng ký tạm trú đến ngày",
                    "Temporary residence registered until",
                ),
                value: submitted
                    .answers
                    .get("until")
                    .unwrap_or_default()
                    .to_string(),
            }]
        },
    },
};
