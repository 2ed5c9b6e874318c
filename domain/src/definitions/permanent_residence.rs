//! Service 3: registering a permanent residence (Residence Law 2020, art. 20–22). Either the
//! citizen joins an existing household, whose head agrees on their own account (the head's ID
//! number, name and date of birth are checked against the registry, and the stated relation
//! against the family links it holds), or they register at a home they own, declaring the
//! ownership certificate. Joining a household is written to the population database on decision.
//! A parent registers their child under 14 the same way (a minor's residence is declared by their
//! parent); the relation is then checked against the child's family links.

mod family;

use super::common::{
    agreement_of, agreement_refused, answered_address, decision_number, personal_id_of, ADDRESS,
    ADULT_RESIDENT, DECLARATION, IDENTITY, PERMANENT_RESIDENCE_REGISTERED, SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, PERSON, RELATIVES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, ConsentRequest, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, RegistryCheck, RegistryWrite, Step, Submitted,
};
use crate::records::Household;
use crate::text::Text;
use serde::Deserialize;
use serde_json::json;

use family::{heads_others, is_current_head, relation_matches};

const FEE_VND: u64 = 10_000;

fn joins_household(answers: &Answers) -> bool {
    answers.is("basis", "join_household")
}

/// The head of the household joined agrees on their own account before the decision.
fn head_must_agree(submitted: &Submitted) -> Option<ConsentRequest> {
    if !joins_household(submitted.answers) {
        return None;
    }
    agreement_of(
        submitted,
        "head_id",
        Text::new(
            "Đồng ý cho người dưới đây đăng ký thường trú vào hộ gia đình do bạn làm chủ hộ",
            "Agree that the person below registers as a permanent resident of the household you head",
        ),
        "",
    )
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Số hồ sơ cư trú hiện tại", "Current residence file number"),
        value: |context, _| Some(HOUSEHOLD.read(context)?.residence_file_number),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 3,
        slug: "permanent-residence",
        procedure_code: None,
        name: Text::new("Đăng ký thường trú", "Register your permanent residence"),
        summary: Text::new(
            "Đăng ký nơi thường trú mới khi chuyển nhà, về ở với gia đình hoặc mua nhà.",
            "Register a new permanent address when you move, join a household or buy a home.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Giấy tờ chứng minh chỗ ở hợp pháp, hoặc sự đồng ý của chủ hộ qua cổng",
                "Proof of a lawful home, or the household head's consent through the portal",
            ),
        ],
        fee: Text::new("10.000 đồng khi nộp trực tuyến", "VND 10,000 online"),
        time_limit: Text::new("7 ngày làm việc", "7 working days"),
    },
    subjects: crate::engine::APPLICANT_OR_CHILD,
    sources: &[PERSON.source, HOUSEHOLD.source, RELATIVES.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "basis",
            title: Text::new("Chỗ ở hợp pháp", "Your right to live there"),
            questions: &[Question {
                id: "basis",
                label: Text::new(
                    "Bạn đăng ký thường trú theo hình thức nào?",
                    "How are you registering?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "join_household",
                        Text::new(
                            "Nhập vào hộ gia đình đã có; chủ hộ đồng ý qua cổng dịch vụ công",
                            "Join an existing household; its head consents through the portal",
                        ),
                    ),
                    (
                        "own_home",
                        Text::new("Ở nhà thuộc sở hữu của tôi", "In a home I own"),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, context| {
                if joins_household(answers) && heads_others(context) {
                    vec![(
                        "basis",
                        Text::new(
                            "Bạn đang là chủ hộ của một hộ còn thành viên khác. Hãy làm thủ tục thay đổi chủ hộ trước khi nhập vào hộ khác",
                            "You head a household that others still live in. Have its head changed before you join another household",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "head",
            title: Text::new(
                "Chủ hộ đồng ý cho nhập hộ",
                "The household head who consents",
            ),
            questions: &[
                personal_id_of(
                    "head_id",
                    Text::new(
                        "Số định danh cá nhân của chủ hộ",
                        "The household head's personal ID number",
                    ),
                ),
                Question {
                    id: "head_name",
                    label: Text::new("Họ và tên chủ hộ", "The household head's full name"),
                    hint: None,
                    kind: Kind::PersonName { max_chars: 100 },
                    optional: false,
                },
                Question {
                    id: "head_dob",
                    label: Text::new("Ngày sinh của chủ hộ", "The household head's date of birth"),
                    hint: Some(Text::new("Ví dụ 27/03/1975", "For example 27/03/1975")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| joins_household(answers)),
            validate: Some(|answers, context| {
                let head = answers.get("head_id").unwrap_or_default();
                if PERSON
                    .read(context)
                    .is_some_and(|person| person.personal_id == head)
                {
                    vec![(
                        "head_id",
                        Text::new(
                            "Hãy nhập số định danh của chủ hộ, không phải của bạn",
                            "Enter the household head's number, not your own",
                        ),
                    )]
                } else if is_current_head(context, head) {
                    vec![(
                        "head_id",
                        Text::new(
                            "Bạn đã thường trú trong hộ của người này",
                            "You already live in this person's household",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[RegistryCheck::VerifyPerson {
                id: "head_id",
                name: "head_name",
                date_of_birth: "head_dob",
            }],
        },
        Step {
            id: "relation",
            title: Text::new("Quan hệ với chủ hộ", "Your relation to the head"),
            questions: &[Question {
                id: "relation",
                label: Text::new(
                    "Bạn là gì của chủ hộ?",
                    "What are you to the household head?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("wife", Text::new("Vợ", "Wife")),
                    ("husband", Text::new("Chồng", "Husband")),
                    ("son", Text::new("Con trai", "Son")),
                    ("daughter", Text::new("Con gái", "Daughter")),
                    ("daughter_in_law", Text::new("Con dâu", "Daughter-in-law")),
                    ("son_in_law", Text::new("Con rể", "Son-in-law")),
                    ("grandchild", Text::new("Cháu", "Grandchild")),
                    ("father", Text::new("Cha", "Father")),
                    ("mother", Text::new("Mẹ", "Mother")),
                    (
                        "other",
                        Text::new(
                            "Quan hệ khác (người thân khác, ở nhờ)",
                            "Another relation (other relative, lodger)",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: Some(|answers, _| joins_household(answers)),
            validate: Some(|answers, context| {
                if relation_matches(answers, context) == Some(false) {
                    vec![(
                        "relation",
                        Text::new(
                            "Quan hệ này không khớp với thông tin gia đình trong cơ sở dữ liệu dân cư. Hãy chọn đúng quan hệ, hoặc chọn \"Quan hệ khác\"",
                            "This relation does not match the family links in the population database. Choose the right one, or \"Another relation\"",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "home-address",
            title: Text::new("Địa chỉ nhà của bạn", "The address of your home"),
            questions: &ADDRESS,
            show_if: Some(|answers, _| answers.is("basis", "own_home")),
            validate: Some(|answers, context| {
                let current = PERSON
                    .read(context)
                    .and_then(|person| person.permanent_residence);
                let province = answers
                    .get("province")
                    .and_then(|code| code.parse::<i64>().ok());
                let same = current.is_some_and(|current| {
                    Some(current.province_code) == province
                        && answers.get("commune") == Some(current.commune.as_str())
                        && answers.get("street") == Some(current.street.as_str())
                });
                if same {
                    vec![(
                        "street",
                        Text::new(
                            "Đây đã là nơi thường trú của bạn",
                            "This is already your permanent address",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "ownership",
            title: Text::new("Giấy chứng nhận quyền sở hữu", "Proof of ownership"),
            questions: &[Question {
                id: "certificate_number",
                label: Text::new(
                    "Số phát hành giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở",
                    "Serial number of the land-use and home-ownership certificate",
                ),
                hint: Some(Text::new(
                    "In ở trang 1, ví dụ CS 123456",
                    "Printed on page 1, for example CS 123456",
                )),
                kind: Kind::Text { max_chars: 20 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("basis", "own_home")),
            validate: Some(|answers, _| {
                let number: String = answers
                    .get("certificate_number")
                    .unwrap_or_default()
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                let letters = number.chars().take_while(char::is_ascii_uppercase).count();
                let digits = number
                    .chars()
                    .skip(letters)
                    .filter(char::is_ascii_digit)
                    .count();
                if (1..=2).contains(&letters)
                    && (6..=8).contains(&digits)
                    && letters + digits == number.chars().count()
                {
                    vec![]
                } else {
                    vec![(
                        "certificate_number",
                        Text::new(
                            "Số phát hành gồm 1–2 chữ cái in hoa và 6–8 chữ số, ví dụ CS 123456",
                            "The serial number has 1–2 capital letters and 6–8 digits, for example CS 123456",
                        ),
                    )]
                }
            }),
            checks: &[],
        },
    ],
    fee: |_, _| Some(FEE_VND),
    eligibility: None,
    ready: None,
    consent: Some(head_must_agree),
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| {
            if !joins_household(submitted.answers) || agreement_refused(submitted) {
                return Vec::new();
            }
            let answer = |id| submitted.answers.get(id).unwrap_or_default();
            vec![RegistryWrite {
                path: "/v1/residence/permanent",
                note: PERMANENT_RESIDENCE_REGISTERED,
                key: "permanent-residence",
                body: json!({
                    "personal_id": submitted.subject_id,
                    "head_personal_id": answer("head_id"),
                    "relation_to_head": answer("relation"),
                }),
            }]
        },
        outcome: |submitted, responses| match responses.first() {
            Some(response) => {
                // The household joined, as the registry answered the write.
                let (address, file_number) = Household::deserialize(&response["household"])
                    .map(|household| (household.address.full, household.residence_file_number))
                    .unwrap_or_default();
                vec![
                    OutcomeLine {
                        label: Text::new("Nơi thường trú mới", "New permanent residence"),
                        value: address,
                    },
                    OutcomeLine {
                        label: Text::new("Số hồ sơ cư trú", "Residence file number"),
                        value: file_number,
                    },
                ]
            }
            None if agreement_refused(submitted) => vec![OutcomeLine {
                label: Text::new("Thường trú", "Permanent residence"),
                value: Text::new(
                    "Chưa đăng ký: chủ hộ không đồng ý.",
                    "Not registered: the head of the household did not agree.",
                )
                .both(),
            }],
            None => vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new("Nơi thường trú mới", "New permanent residence"),
                    value: answered_address(submitted.answers),
                },
            ],
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::engine::Context;
    use crate::records::samples;
    use serde_json::Value;

    const ME: &str = "079190000123";
    const HEAD: &str = "079160000456";

    fn context(person: Value, members: &[&str]) -> Context {
        let mut context = Context::default();
        let mut person = samples::person(person);
        person["personal_id"] = json!(ME);
        context.insert(PERSON.source.key, person);
        let members: Vec<Value> = members
            .iter()
            .map(|id| samples::member(json!({ "personal_id": id })))
            .collect();
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "head_id": ME, "members": members })),
        );
        context.insert(RELATIVES.source.key, samples::relatives(json!({})));
        context
    }

    #[test]
    fn the_relation_step_refuses_a_relation_the_family_links_contradict() {
        let son = context(json!({ "sex": "male", "father_id": HEAD }), &[ME]);
        let relation = DEFINITION.step("relation").unwrap().validate.unwrap();
        assert!(relation(&answers(&[("head_id", HEAD), ("relation", "son")]), &son).is_empty());
        assert_eq!(
            relation(&answers(&[("head_id", HEAD), ("relation", "mother")]), &son)[0].0,
            "relation"
        );
    }

    #[test]
    fn a_head_with_others_in_the_household_cannot_leave_it() {
        let basis = DEFINITION.step("basis").unwrap().validate.unwrap();
        let join = answers(&[("basis", "join_household")]);
        assert!(
            basis(&join, &context(json!({}), &[ME])).is_empty(),
            "alone in the household"
        );
        assert_eq!(basis(&join, &context(json!({}), &[ME, HEAD])).len(), 1);
        assert!(basis(
            &answers(&[("basis", "own_home")]),
            &context(json!({}), &[ME, HEAD])
        )
        .is_empty());
    }

    #[test]
    fn the_head_is_someone_else_and_the_branch_decides_the_write() {
        let head = DEFINITION.step("head").unwrap().validate.unwrap();
        let context = context(json!({}), &[ME]);
        assert_eq!(head(&answers(&[("head_id", ME)]), &context).len(), 1);
        assert!(head(&answers(&[("head_id", HEAD)]), &context).is_empty());
        let join = answers(&[
            ("basis", "join_household"),
            ("head_id", HEAD),
            ("relation", "other"),
        ]);
        let submitted = crate::engine::Submitted {
            answers: &join,
            context: &context,
            subject_id: ME,
            reference: "R1",
        };
        let writes = (DEFINITION.effects.writes)(&submitted);
        assert_eq!(writes[0].body["head_personal_id"], HEAD);
        let joined = json!({ "household": samples::household(json!({ "head_id": HEAD })) });
        let outcome = (DEFINITION.effects.outcome)(&submitted, &[joined]);
        assert_eq!(
            outcome[0].value,
            "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh"
        );
        assert_eq!(outcome[1].value, "HS-79-000007");
        let own = answers(&[("basis", "own_home"), ("certificate_number", "CS 123456")]);
        let submitted = crate::engine::Submitted {
            answers: &own,
            context: &context,
            subject_id: ME,
            reference: "R1",
        };
        assert!((DEFINITION.effects.writes)(&submitted).is_empty());
        let ownership = DEFINITION.step("ownership").unwrap().validate.unwrap();
        assert!(ownership(&own, &context).is_empty());
        assert_eq!(
            ownership(&answers(&[("certificate_number", "12-34")]), &context).len(),
            1
        );
    }
}
