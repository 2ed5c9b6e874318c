//! Service 24: a new low-voltage supply. The citizen picks the address to supply among the
//! residences the registry holds for them, or types another one; a registered residence already
//! proves the right to use the premises, another address asks whether they own or rent it, and a
//! landlord's identity is checked against the registry. Then the use of the electricity, the
//! expected load and the phases (a single phase carries at most 15 kW). An address that already
//! has a contract in the citizen's name is refused; the citizen's contracts are shown with their
//! customer codes.

use super::common::{
    adult_applicant, free, owner_date_of_birth, owner_personal_id, ADDRESS, ADULT_RESIDENT,
    DECISION_DOCUMENT, DECLARATION, IDENTITY, PHONE, SIGN_IN_LEVEL_2,
};
use super::sources::{ELECTRICITY_CONTRACTS, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Kind, Options, Prefilled, Question,
    RegistryCheck, Step,
};
use crate::text::{Lang, Text};

type Refusals = Vec<(&'static str, Text)>;

const OTHER_ADDRESS: &str = "other";
/// The largest load a single-phase low-voltage connection serves.
const SINGLE_PHASE_MAX_KW: i64 = 15;

/// The residences the registry holds for the applicant, by the value the form posts.
fn residence(context: &Context, which: &str) -> Option<String> {
    let person = PERSON.read(context)?;
    match which {
        "permanent" => Some(person.permanent_residence?.full),
        "temporary" => Some(person.temporary_residence?.address.full),
        _ => None,
    }
}

fn supply_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    let labelled = |which: &'static str, vi, en| {
        residence(context, which)
            .map(|address| Choice::new(which, format!("{} {address}", Text::new(vi, en).get(lang))))
    };
    [
        labelled("permanent", "Nơi thường trú:", "Your permanent residence:"),
        labelled("temporary", "Nơi tạm trú:", "Your temporary residence:"),
    ]
    .into_iter()
    .flatten()
    .chain(std::iter::once(Choice::new(
        OTHER_ADDRESS,
        Text::new("Một địa chỉ khác", "Another address").get(lang),
    )))
    .collect()
}

fn supply_checks(answers: &Answers, context: &Context) -> Refusals {
    let Some(address) = answers
        .get("supply")
        .and_then(|which| residence(context, which))
    else {
        return vec![];
    };
    let supplied = ELECTRICITY_CONTRACTS
        .read(context)
        .iter()
        .any(|contract| contract.address.as_ref() == Some(&address));
    if supplied {
        vec![(
            "supply",
            Text::new(
                "Địa chỉ này đã có hợp đồng mua bán điện đứng tên bạn (mã khách hàng ở trên); nếu cần thêm công tơ, hãy liên hệ điện lực",
                "This address already has an electricity contract in your name (customer code above); for another meter, contact the power company",
            ),
        )]
    } else {
        vec![]
    }
}

/// The citizen's contracts, so that a refused address can be matched to its customer code.
fn contracts(context: &Context, lang: Lang) -> Option<String> {
    let listed: Vec<String> = ELECTRICITY_CONTRACTS
        .read(context)
        .into_iter()
        .filter_map(|contract| {
            Some(format!(
                "{} — {}",
                contract.contract_number, contract.address?
            ))
        })
        .collect();
    Some(if listed.is_empty() {
        Text::new("Chưa có", "None").get(lang).to_string()
    } else {
        listed.join("; ")
    })
}

fn phase_checks(answers: &Answers, _: &Context) -> Refusals {
    let load = answers
        .get("load_kw")
        .and_then(|load| load.parse::<i64>().ok())
        .unwrap_or(0);
    if answers.is("phase", "single") && load > SINGLE_PHASE_MAX_KW {
        vec![(
            "phase",
            Text::new(
                "Công suất trên 15 kW cần cấp điện 3 pha",
                "A load above 15 kW needs a three-phase supply",
            ),
        )]
    } else {
        vec![]
    }
}

fn elsewhere(answers: &Answers, _: &Context) -> bool {
    answers.is("supply", OTHER_ADDRESS)
}

const PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    PHONE,
    Prefilled {
        label: Text::new(
            "Hợp đồng mua bán điện đứng tên bạn",
            "Electricity contracts in your name",
        ),
        value: contracts,
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 24,
        slug: "electricity-connection",
        procedure_code: None,
        name: Text::new(
            "Cấp điện mới từ lưới điện hạ áp",
            "Get a new low-voltage electricity connection",
        ),
        summary: Text::new(
            "Đề nghị lắp đặt công tơ và cấp điện sinh hoạt mới.",
            "Ask for a meter and a new household electricity supply.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::Electricity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Địa chỉ nơi cần cấp điện", "The address to be supplied"),
        ],
        fee: Text::new("Miễn phí đấu nối", "No connection charge"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, ELECTRICITY_CONTRACTS.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "supply",
            title: Text::new("Địa chỉ cần cấp điện", "Where the supply is needed"),
            questions: &[Question {
                id: "supply",
                label: Text::new("Địa chỉ cần cấp điện", "Address to supply"),
                hint: Some(Text::new(
                    "Nơi cư trú đã đăng ký chứng minh bạn được sử dụng chỗ ở đó",
                    "A registered residence already proves you may use the premises",
                )),
                kind: Kind::Choice(Options::FromContext(supply_choices)),
                optional: false,
            }],
            show_if: None,
            validate: Some(supply_checks),
            checks: &[],
        },
        Step {
            id: "address",
            title: Text::new("Địa chỉ cần cấp điện", "Address to supply"),
            questions: &ADDRESS,
            show_if: Some(elsewhere),
            validate: None,
            checks: &[],
        },
        Step {
            id: "premises",
            title: Text::new(
                "Quyền sử dụng nơi cấp điện",
                "Your right to use the premises",
            ),
            questions: &[Question {
                id: "premises",
                label: Text::new(
                    "Bạn sử dụng nơi này với tư cách",
                    "You use these premises as",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("owner", Text::new("Chủ sở hữu", "The owner")),
                    (
                        "tenant",
                        Text::new(
                            "Người thuê, được chủ nhà đồng ý",
                            "A tenant, with the owner's consent",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: Some(elsewhere),
            validate: None,
            checks: &[],
        },
        Step {
            id: "landlord",
            title: Text::new("Chủ nhà", "The owner"),
            questions: &[
                owner_personal_id("landlord_id"),
                Question {
                    id: "landlord_name",
                    label: Text::new("Họ và tên chủ nhà", "The owner's full name"),
                    hint: None,
                    kind: Kind::PersonName { max_chars: 100 },
                    optional: false,
                },
                owner_date_of_birth("landlord_dob"),
            ],
            show_if: Some(|answers, context| {
                elsewhere(answers, context) && answers.is("premises", "tenant")
            }),
            validate: None,
            checks: &[RegistryCheck::VerifyPerson {
                id: "landlord_id",
                name: "landlord_name",
                date_of_birth: "landlord_dob",
            }],
        },
        Step {
            id: "use",
            title: Text::new("Mục đích sử dụng điện", "What the electricity is for"),
            questions: &[Question {
                id: "use",
                label: Text::new("Mục đích sử dụng điện", "Use of the electricity"),
                hint: Some(Text::new(
                    "Mỗi mục đích có biểu giá riêng",
                    "Each use has its own tariff",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "household",
                        Text::new("Sinh hoạt gia đình", "Household living"),
                    ),
                    (
                        "business",
                        Text::new("Kinh doanh, dịch vụ", "Business and services"),
                    ),
                    ("production", Text::new("Sản xuất", "Production")),
                    (
                        "public",
                        Text::new(
                            "Cơ quan hành chính, sự nghiệp",
                            "Public administration or services",
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
            id: "load",
            title: Text::new("Công suất sử dụng", "Expected load"),
            questions: &[Question {
                id: "load_kw",
                label: Text::new(
                    "Tổng công suất thiết bị dự kiến (kW)",
                    "Total expected load (kW)",
                ),
                hint: Some(Text::new(
                    "Cộng công suất ghi trên các thiết bị; một hộ gia đình thường từ 3 đến 10 kW",
                    "Add up the ratings on your appliances; a household usually needs 3 to 10 kW",
                )),
                kind: Kind::Number { min: 1, max: 100 },
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "phase",
            title: Text::new("Số pha", "Phases"),
            questions: &[Question {
                id: "phase",
                label: Text::new("Loại công tơ", "Kind of meter"),
                hint: Some(Text::new(
                    "Công suất trên 15 kW hoặc động cơ 3 pha cần điện 3 pha",
                    "Loads above 15 kW or three-phase motors need three phases",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    ("single", Text::new("Một pha", "Single phase")),
                    ("three", Text::new("Ba pha", "Three phases")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(phase_checks),
            checks: &[],
        },
    ],
    fee: free,
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
    use crate::records::samples;
    use serde_json::json;

    fn context(contract_at_home: bool) -> Context {
        let home = "12 Lê Lợi, Phường 1, Khánh Hòa";
        let mut context = Context::default();
        let residence = samples::address(json!({ "full": home }));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "permanent_residence": residence })),
        );
        let contracts = if contract_at_home {
            json!([{ "contract_number": "PE56000000042", "address": home }])
        } else {
            json!([])
        };
        context.insert(ELECTRICITY_CONTRACTS.source.key, contracts);
        context
    }

    #[test]
    fn registered_residences_are_offered_and_an_address_already_supplied_is_refused() {
        let choices = supply_choices(&context(false), Lang::En);
        let values: Vec<_> = choices.iter().map(|choice| choice.value.as_str()).collect();
        assert_eq!(values, ["permanent", OTHER_ADDRESS]);
        assert!(supply_checks(&answers(&[("supply", "permanent")]), &context(false)).is_empty());
        let refused = supply_checks(&answers(&[("supply", "permanent")]), &context(true));
        assert!(refused[0]
            .1
            .en
            .contains("already has an electricity contract"));
        assert_eq!(
            contracts(&context(true), Lang::En).unwrap(),
            "PE56000000042 — 12 Lê Lợi, Phường 1, Khánh Hòa"
        );
    }

    #[test]
    fn another_address_asks_the_right_to_use_it_and_a_tenant_names_the_owner() {
        let home = answers(&[("supply", "permanent")]);
        let asked: Vec<_> = DEFINITION
            .asked_steps(&home, &context(false))
            .iter()
            .map(|step| step.id)
            .collect();
        assert_eq!(asked, ["supply", "use", "load", "phase"]);
        let rented = answers(&[("supply", OTHER_ADDRESS), ("premises", "tenant")]);
        assert!(DEFINITION
            .step("landlord")
            .unwrap()
            .is_asked(&rented, &context(false)));
    }

    #[test]
    fn large_loads_need_three_phases() {
        let context = context(false);
        assert_eq!(
            phase_checks(
                &answers(&[("load_kw", "20"), ("phase", "single")]),
                &context
            )
            .len(),
            1
        );
        assert!(phase_checks(
            &answers(&[("load_kw", "15"), ("phase", "single")]),
            &context
        )
        .is_empty());
        assert!(
            phase_checks(&answers(&[("load_kw", "20"), ("phase", "three")]), &context).is_empty()
        );
    }
}
