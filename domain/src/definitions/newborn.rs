//! Service 15: the newborn bundle — birth registration, the child's personal ID, permanent
//! residence and a health-insurance card in one application, the second headline journey.
//! Everything the hospital's birth notice and the population database hold is prefilled; the
//! parent chooses the name (and, for twins, which baby this application is for) and confirms.
//! The hospital's notice itself triggers the application: the portal prepares it for the mother
//! (and the father, when known) as soon as the notice arrives, and tells them.

mod notices;

use super::common::{
    agreement_refused, DECLARATION, PARENT, PERMANENT_RESIDENCE_REGISTERED, SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, PERSON, RELATIVES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Choice, Concerns, ConsentRequest, Context, Definition, Effects, Kind, Options, OutcomeLine,
    Prefilled, Question, RegistryWrite, Source, Step, Submitted, Trigger,
};
use crate::records::Relative;
use crate::text::{Lang, Text};
use serde_json::{json, Value};

use notices::{describe, notice, notice_choices, open_notices, BIRTH_NOTICES};
pub use notices::{has_open_notice, notice_concerned, notice_still_open};

/// The applicant's spouse, as the registry links them.
fn applicant_spouse(context: &Context) -> Option<Relative> {
    RELATIVES.read(context)?.spouse
}

/// The surnames a child may take: the father's (from the notice) and the mother's.
fn surname_choices(context: &Context, _: Lang) -> Vec<Choice> {
    let first_word = |name: &str| name.split_whitespace().next().map(str::to_string);
    let applicant = PERSON
        .read(context)
        .map(|person| person.full_name)
        .unwrap_or_default();
    let spouse = applicant_spouse(context).map(|spouse| spouse.full_name);
    let father = open_notices(context)
        .find_map(|notice| notice["father_name"].as_str())
        .unwrap_or_default();
    let mut surnames: Vec<String> = [father, &applicant, spouse.as_deref().unwrap_or_default()]
        .into_iter()
        .filter_map(first_word)
        .collect();
    surnames.dedup();
    let mut unique = Vec::new();
    for surname in surnames {
        if !unique.contains(&surname) {
            unique.push(surname);
        }
    }
    unique
        .into_iter()
        .map(|surname| Choice::new(surname.clone(), surname))
        .collect()
}

/// The child's relation to the head of the applicant's household.
fn relation_to_head(applicant_relation: &str, child_sex: &str) -> &'static str {
    let child = if child_sex == "female" {
        "daughter"
    } else {
        "son"
    };
    match applicant_relation {
        "head" | "wife" | "husband" => child,
        _ => "grandchild",
    }
}

pub const PREFILLED: [Prefilled; 5] = [
    Prefilled {
        label: Text::new("Người đi khai (cha hoặc mẹ)", "Parent applying"),
        value: |context, _| {
            let person = PERSON.read(context)?;
            Some(format!("{} — {}", person.full_name, person.personal_id))
        },
    },
    Prefilled {
        label: Text::new("Giấy chứng sinh", "Birth notice"),
        value: |context, lang| {
            let mut notices = open_notices(context);
            let first = notices.next()?;
            Some(match notices.next() {
                None => describe(first, lang),
                Some(_) => Text::new(
                    "Bệnh viện đã gửi nhiều giấy chứng sinh (sinh đôi)",
                    "The hospital sent several birth notices (twins)",
                )
                .get(lang)
                .to_string(),
            })
        },
    },
    Prefilled {
        label: Text::new("Cha", "Father"),
        value: |context, lang| {
            let father = open_notices(context).find_map(|notice| notice["father_name"].as_str());
            Some(father.map_or_else(
                || {
                    Text::new("Chưa xác định", "Not known")
                        .get(lang)
                        .to_string()
                },
                str::to_string,
            ))
        },
    },
    Prefilled {
        label: Text::new(
            "Dân tộc, quốc tịch của trẻ",
            "Child's ethnicity and nationality",
        ),
        value: |context, _| {
            let person = PERSON.read(context)?;
            Some(format!("{}, {}", person.ethnicity, person.nationality))
        },
    },
    Prefilled {
        label: Text::new(
            "Nơi thường trú của trẻ (cùng hộ với người đi khai)",
            "Child's permanent residence (the applicant's household)",
        ),
        value: |context, _| Some(HOUSEHOLD.read(context)?.address.full),
    },
];

/// What the birth notice and the population database give both birth services.
pub const SOURCES: &[Source] = &[
    PERSON.source,
    HOUSEHOLD.source,
    RELATIVES.source,
    BIRTH_NOTICES,
];

/// The questions of both birth services: which baby (twins only) and the name.
pub const STEPS: &[Step] = &[
    Step {
        id: "baby",
        title: Text::new(
            "Hồ sơ này cho bé nào?",
            "Which baby is this application for?",
        ),
        questions: &[Question {
            id: "notice",
            label: Text::new("Chọn giấy chứng sinh", "Choose the birth notice"),
            hint: Some(Text::new(
                "Mỗi bé một hồ sơ",
                "One application for each baby",
            )),
            kind: Kind::Choice(Options::FromContext(notice_choices)),
            optional: false,
        }],
        show_if: Some(|_, context| open_notices(context).count() > 1),
        validate: None,
        checks: &[],
    },
    Step {
        id: "name",
        title: Text::new("Tên của bé", "Your baby's name"),
        questions: &[
            Question {
                id: "surname",
                label: Text::new("Họ", "Surname"),
                hint: Some(Text::new(
                    "Theo họ của cha hoặc của mẹ",
                    "The father's or the mother's surname",
                )),
                kind: Kind::Choice(Options::FromContext(surname_choices)),
                optional: false,
            },
            Question {
                id: "middle_name",
                label: Text::new("Tên đệm", "Middle name"),
                hint: Some(Text::new("Tối đa 50 ký tự", "At most 50 characters")),
                kind: Kind::PersonName { max_chars: 50 },
                optional: true,
            },
            Question {
                id: "given_name",
                label: Text::new("Tên", "Given name"),
                hint: Some(Text::new(
                    "Tối đa 50 ký tự, chỉ gồm chữ cái",
                    "At most 50 characters, letters only",
                )),
                kind: Kind::PersonName { max_chars: 50 },
                optional: false,
            },
        ],
        show_if: None,
        validate: None,
        checks: &[],
    },
];

/// The registry write that registers the birth and gives the child a personal ID number.
pub fn register_birth(submitted: &Submitted) -> Option<RegistryWrite> {
    let notice = notice(submitted.answers, submitted.context)?;
    let answer = |id| submitted.answers.get(id).unwrap_or_default();
    let parent = PERSON.read(submitted.context);
    Some(RegistryWrite {
        path: "/v1/births",
        note: Text::new(
            "Đã đăng ký khai sinh và cấp số định danh cá nhân",
            "Birth registered and personal ID number issued",
        ),
        key: "birth",
        body: json!({
            "notice_number": notice["notice_number"],
            "surname": answer("surname"),
            "middle_name": answer("middle_name"),
            "given_name": answer("given_name"),
            "ethnicity": parent.as_ref().map(|parent| &parent.ethnicity),
            "nationality": parent.as_ref().map_or("Việt Nam", |parent| &parent.nationality),
        }),
    })
}

/// The lines of the birth registration's decision, from the registry's answer.
pub fn birth_outcome(birth: &Value) -> Vec<OutcomeLine> {
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    vec![
        OutcomeLine {
            label: Text::new("Họ và tên của bé", "Baby's full name"),
            value: text(&birth["full_name"]),
        },
        OutcomeLine {
            label: Text::new("Số định danh cá nhân của bé", "Baby's personal ID number"),
            value: text(&birth["personal_id"]),
        },
        OutcomeLine {
            label: Text::new("Số giấy khai sinh", "Birth certificate number"),
            value: text(&birth["birth_certificate_number"]),
        },
    ]
}

/// The child joins the applicant's household; its head must agree unless a parent heads it.
fn head_must_agree(submitted: &Submitted) -> Option<ConsentRequest> {
    let head = HOUSEHOLD.read(submitted.context)?.head_id;
    let notice = notice(submitted.answers, submitted.context)?;
    let applicant = PERSON.read(submitted.context);
    let spouse = applicant_spouse(submitted.context);
    let parents = [
        applicant
            .as_ref()
            .map(|applicant| applicant.personal_id.as_str()),
        notice["mother_id"].as_str(),
        notice["father_id"].as_str(),
        spouse.as_ref().map(|spouse| spouse.personal_id.as_str()),
    ];
    if parents.contains(&Some(head.as_str())) {
        return None;
    }
    Some(ConsentRequest {
        citizen_id: head,
        request: Text::new(
            "Đồng ý cho trẻ mới sinh được đăng ký thường trú vào hộ gia đình do bạn làm chủ hộ",
            "Agree that a newborn baby is registered as a permanent resident of the household you head",
        ),
        about: applicant
            .map(|applicant| applicant.full_name)
            .unwrap_or_default(),
    })
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 15,
        slug: "newborn",
        procedure_code: Some("2.000986"),
        name: Text::new(
            "Liên thông: khai sinh – thường trú – thẻ BHYT cho trẻ dưới 6 tuổi",
            "Newborn bundle: birth certificate, residence, health insurance",
        ),
        summary: Text::new(
            "Một lần khai, con bạn có giấy khai sinh, số định danh, đăng ký thường trú và thẻ bảo hiểm y tế.",
            "One application gives your baby a birth certificate, a personal ID, a permanent residence and a health-insurance card.",
        ),
        life_event: LifeEvent::HavingABaby,
        agency: Agency::Joint(Text::new(
            "UBND cấp xã, Công an, Bảo hiểm xã hội",
            "Commune People's Committee, Police, Social Security",
        )),
        who_can_use: PARENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy chứng sinh (bệnh viện gửi điện tử)", "The birth notice (sent electronically by the hospital)"),
            Text::new("Tên bạn chọn cho con", "The name you have chosen for your baby"),
        ],
        fee: Text::new("Miễn phí", "Free (the card for children under 6 is state-funded)"),
        time_limit: Text::new(
            "3 ngày làm việc (5 ngày nếu cần xác minh)",
            "3 working days (5 if checks are needed)",
        ),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: SOURCES,
    prefilled: &PREFILLED,
    steps: STEPS,
    fee: super::common::free,
    eligibility: Some(has_open_notice),
    ready: Some(notice_still_open),
    consent: Some(head_must_agree),
    more_information: None,
    concerns: Concerns::Object(notice_concerned),
    trigger: Some(Trigger {
        feed: "birth-notices",
        endpoint: "/v1/birth-notices/feed",
        reference: "notice_number",
        recipients: &["mother_id", "father_id"],
        notification: Text::new(
            "Bệnh viện đã gửi giấy chứng sinh của bé. Hồ sơ khai sinh đã được chuẩn bị sẵn: bạn chỉ cần đặt tên cho bé.",
            "The hospital has sent your baby's birth notice. The birth registration is ready: you only need to choose the name.",
        ),
    }),
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| {
            let Some(birth) = register_birth(submitted) else {
                return Vec::new();
            };
            let Some(notice) = notice(submitted.answers, submitted.context) else {
                return Vec::new();
            };
            let household = HOUSEHOLD.read(submitted.context);
            let applicant = PERSON
                .read(submitted.context)
                .map(|person| person.personal_id)
                .unwrap_or_default();
            let applicant_relation = household
                .as_ref()
                .and_then(|household| {
                    household
                        .members
                        .iter()
                        .find(|member| member.personal_id == applicant)
                })
                .map_or("head", |member| member.relation_to_head.as_str());
            let residence = (!agreement_refused(submitted)).then(|| RegistryWrite {
                path: "/v1/residence/permanent",
                note: PERMANENT_RESIDENCE_REGISTERED,
                key: "residence",
                body: json!({
                    "personal_id": "@0.personal_id",
                    "head_personal_id": household.as_ref().map(|household| &household.head_id),
                    "relation_to_head": relation_to_head(applicant_relation, notice["child_sex"].as_str().unwrap_or_default()),
                }),
            });
            let insurance = RegistryWrite {
                path: "/v1/insurance-cards",
                note: Text::new("Đã cấp thẻ bảo hiểm y tế", "Health-insurance card issued"),
                key: "insurance",
                body: json!({ "personal_id": "@0.personal_id" }),
            };
            std::iter::once(birth)
                .chain(residence)
                .chain([insurance])
                .collect()
        },
        outcome: |submitted, responses| {
            let mut lines = birth_outcome(responses.first().unwrap_or(&Value::Null));
            lines.push(OutcomeLine {
                label: Text::new("Thường trú", "Permanent residence"),
                value: if agreement_refused(submitted) {
                    Text::new(
                        "Chưa đăng ký: chủ hộ không đồng ý. Hãy đăng ký thường trú cho bé tại nơi ở khác.",
                        "Not registered: the head of the household did not agree. Register your baby's residence at another home.",
                    )
                } else {
                    Text::new("Đã đăng ký cùng hộ với người đi khai", "Registered in the applicant's household")
                }
                .both(),
            });
            lines.push(OutcomeLine {
                label: Text::new("Thẻ bảo hiểm y tế", "Health-insurance card"),
                value: responses
                    .iter()
                    .find_map(|response| response["card_number"].as_str())
                    .unwrap_or_default()
                    .to_string(),
            });
            lines
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Answers;
    use crate::records::samples;

    fn context(notices: Value) -> Context {
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "full_name": "Trần Thị Mai", "personal_id": "079303001111" })),
        );
        context.insert("birth_notices", notices);
        context
    }

    #[test]
    fn one_notice_needs_no_choice_and_twins_do() {
        let one = context(
            json!([{ "notice_number": "N1", "child_id": null, "father_name": "Lê Văn Nam" }]),
        );
        assert!(!DEFINITION
            .step("baby")
            .unwrap()
            .is_asked(&Answers::default(), &one));
        assert_eq!(
            notice(&Answers::default(), &one).unwrap()["notice_number"],
            "N1"
        );
        let twins = context(
            json!([{ "notice_number": "N1", "child_id": null }, { "notice_number": "N2", "child_id": null }]),
        );
        assert!(DEFINITION
            .step("baby")
            .unwrap()
            .is_asked(&Answers::default(), &twins));
        assert!(notice(&Answers::default(), &twins).is_none());
    }

    #[test]
    fn the_surname_is_the_fathers_or_the_mothers() {
        let context = context(
            json!([{ "notice_number": "N1", "child_id": null, "father_name": "Lê Văn Nam" }]),
        );
        let surnames: Vec<String> = surname_choices(&context, Lang::Vi)
            .into_iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(surnames, ["Lê", "Trần"]);
    }

    #[test]
    fn the_child_joins_the_household_as_child_or_grandchild() {
        assert_eq!(relation_to_head("head", "female"), "daughter");
        assert_eq!(relation_to_head("wife", "male"), "son");
        assert_eq!(relation_to_head("daughter", "male"), "grandchild");
    }

    /// The applicant, married to Lê Văn Nam, in a household `head` heads.
    fn in_household(head: &str, relation_to_head: &str) -> Context {
        let mut context =
            context(json!([{ "notice_number": "N1", "child_id": null, "child_sex": "female" }]));
        let spouse =
            samples::relative(json!({ "personal_id": "079090002222", "full_name": "Lê Văn Nam" }));
        context.insert(
            RELATIVES.source.key,
            samples::relatives(json!({ "spouse": spouse })),
        );
        let applicant = samples::member(
            json!({ "personal_id": "079303001111", "relation_to_head": relation_to_head }),
        );
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "head_id": head, "members": [applicant] })),
        );
        context
    }

    fn submitted<'a>(answers: &'a Answers, context: &'a Context) -> Submitted<'a> {
        Submitted {
            answers,
            context,
            subject_id: "079303001111",
            reference: "R1",
        }
    }

    #[test]
    fn the_household_head_agrees_unless_a_parent_heads_it() {
        let answers = Answers::default();
        let spouse_heads = in_household("079090002222", "husband");
        assert!(head_must_agree(&submitted(&answers, &spouse_heads)).is_none());
        let surnames: Vec<String> = surname_choices(&spouse_heads, Lang::Vi)
            .into_iter()
            .map(|c| c.value)
            .collect();
        assert_eq!(surnames, ["Trần", "Lê"], "the mother's, then her spouse's");
        let grandparent_heads = in_household("079050003333", "daughter");
        let request =
            head_must_agree(&submitted(&answers, &grandparent_heads)).expect("the head is asked");
        assert_eq!(
            (request.citizen_id.as_str(), request.about.as_str()),
            ("079050003333", "Trần Thị Mai")
        );
        let writes = (DEFINITION.effects.writes)(&submitted(&answers, &grandparent_heads));
        assert_eq!(writes[0].body["ethnicity"], "Kinh");
        assert_eq!(writes[1].body["head_personal_id"], "079050003333");
        assert_eq!(writes[1].body["relation_to_head"], "grandchild");
    }
}
