//! Service 4: registering a temporary residence. The citizen gives the address and the period;
//! the owner (whose ID number is checked against the registry) agrees on their own account before
//! the decision, or the citizen uploads their rental contract. A parent registers their child under
//! 14 who stays there too.

use super::common::{
    agreement_of, agreement_refused, answered_address, owner_date_of_birth, owner_personal_id,
    within_years_of_today, ADDRESS, ADULT_RESIDENT, DECLARATION, IDENTITY, SCANNED_PAPER,
    SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, ConsentRequest, Context, Definition, Effects, Kind, Options, OutcomeLine,
    Question, RegistryCheck, RegistryWrite, Step, Submitted,
};
use crate::text::Text;
use serde_json::json;

fn owner_must_agree(submitted: &Submitted) -> Option<ConsentRequest> {
    if !submitted.answers.is("home_basis", "owner_consent") {
        return None;
    }
    agreement_of(
        submitted,
        "owner_id",
        Text::new(
            "Đồng ý cho người dưới đây đăng ký tạm trú tại chỗ ở của bạn",
            "Agree that the person below registers a temporary residence at your home",
        ),
        &format!(
            "{} — {}",
            answered_address(submitted.answers),
            submitted.answers.get("until").unwrap_or_default()
        ),
    )
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 4,
        slug: "temporary-residence",
        procedure_code: None,
        name: Text::new("Đăng ký tạm trú", "Register a temporary residence"),
        summary: Text::new(
            "Đăng ký nơi ở tạm thời khi sống ngoài nơi thường trú từ 30 ngày trở lên.",
            "Register where you live when you stay away from your permanent address for 30 days or more.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Sự đồng ý của chủ nhà (xác nhận qua cổng) hoặc hợp đồng thuê nhà",
                "The owner's consent (confirmed through the portal) or a rental contract",
            ),
        ],
        fee: Text::new("7.000 đồng khi nộp trực tuyến", "VND 7,000 online"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[PERSON.source, HOUSEHOLD.source],
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
            questions: &[
                Question {
                    id: "contract_number",
                    label: Text::new("Số hợp đồng thuê nhà", "Rental contract number"),
                    hint: Some(Text::new(
                        "Ghi trên hợp đồng đã công chứng hoặc chứng thực",
                        "As written on the notarised contract",
                    )),
                    kind: Kind::Text { max_chars: 50 },
                    optional: false,
                },
                Question {
                    id: "contract_scan",
                    label: Text::new(
                        "Bản chụp hợp đồng thuê nhà",
                        "A scan of the rental contract",
                    ),
                    hint: Some(Text::new(
                        "Tất cả các trang, đọc rõ chữ ký và dấu công chứng",
                        "Every page, with the signatures and the notary's stamp readable",
                    )),
                    kind: Kind::Document(SCANNED_PAPER),
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("home_basis", "rental_contract")),
            validate: None,
            checks: &[],
        },
    ],
    fee: |_: &Answers, _: &Context| Some(7_000),
    eligibility: None,
    ready: None,
    consent: Some(owner_must_agree),
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| {
            if agreement_refused(submitted) {
                return Vec::new();
            }
            let answer = |id| submitted.answers.get(id).unwrap_or_default();
            vec![RegistryWrite {
                path: "/v1/residence/temporary",
                note: Text::new("Đã đăng ký tạm trú", "Temporary residence registered"),
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
            if agreement_refused(submitted) {
                return vec![OutcomeLine {
                    label: Text::new("Tạm trú", "Temporary residence"),
                    value: Text::new(
                        "Chưa đăng ký: chủ nhà không đồng ý.",
                        "Not registered: the owner did not agree.",
                    )
                    .both(),
                }];
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::engine::CONSENT;
    use crate::records::samples;

    fn decide(basis: &str, consent: Option<&str>) -> (Option<ConsentRequest>, usize, String) {
        let answers = answers(&[
            ("province", "1"),
            ("commune", "Phường Dịch Vọng"),
            ("street", "Số 8"),
            ("until", "2027-05-01"),
            ("home_basis", basis),
            ("owner_id", "001085012345"),
        ]);
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "full_name": "Lê Văn Nam" })),
        );
        if let Some(consent) = consent {
            context.insert(CONSENT, json!(consent));
        }
        let submitted = Submitted {
            answers: &answers,
            context: &context,
            subject_id: "001090000001",
            reference: "HS202600000001",
        };
        let effects = &DEFINITION.effects;
        (
            owner_must_agree(&submitted),
            (effects.writes)(&submitted).len(),
            (effects.outcome)(&submitted, &[])[0].value.clone(),
        )
    }

    #[test]
    fn the_owner_is_asked_and_a_refusal_registers_nothing() {
        let (request, _, _) = decide("owner_consent", None);
        let request = request.expect("the owner is asked");
        assert_eq!(request.citizen_id, "001085012345");
        assert!(request
            .about
            .starts_with("Lê Văn Nam — Số 8, Phường Dịch Vọng"));
        assert_eq!(decide("owner_consent", Some("accepted")).1, 1);
        let (_, writes, outcome) = decide("owner_consent", Some("refused"));
        assert_eq!(writes, 0);
        assert!(outcome.contains("chủ nhà không đồng ý"), "{outcome}");
    }

    #[test]
    fn a_rental_contract_needs_nobody_elses_agreement() {
        let (request, writes, outcome) = decide("rental_contract", None);
        assert!(request.is_none());
        assert_eq!(writes, 1);
        assert_eq!(outcome, "2027-05-01");
    }
}
