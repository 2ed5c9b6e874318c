//! Service 10: registering a death. A family member picks the deceased among the relatives the
//! registry knows (or names someone else by ID number, name and date of birth, verified), then
//! gives what the death notice says: when, where and why, and the notice itself. The decision
//! records the death, which also widows the spouse and ends the marriage in the registry.
//!
//! The death bundle (service 16) asks the same, so the steps live here for both.
//!
//! A death is to be registered within 15 days (Civil Status Law 2014, art. 33). Registered later,
//! it is still registered, but the justice office first asks why — "more information needed",
//! which a test brings about by dating the death three weeks back.

use super::common::{
    days_until_sent, display_date, parse_date, DECLARATION, FREE, IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::{PERSON, RELATIVES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Effects, InformationRequest, Kind, Options,
    OutcomeLine, Question, RegistryCheck, RegistryWrite, Step, Submitted,
};
use crate::records::Relative;
use crate::text::{Lang, Text};
use serde_json::{json, Value};

const SOMEONE_ELSE: &str = "other";

/// The applicant's living relatives with how they are related, as the registry lists them.
fn living_relatives(context: &Context) -> Vec<(Text, Relative)> {
    let Some(relatives) = RELATIVES.read(context) else {
        return Vec::new();
    };
    let children = relatives
        .children
        .into_iter()
        .map(|child| (Text::new("con", "child"), child));
    [
        (Text::new("vợ/chồng", "spouse"), relatives.spouse),
        (Text::new("cha", "father"), relatives.father),
        (Text::new("mẹ", "mother"), relatives.mother),
    ]
    .into_iter()
    .filter_map(|(relation, relative)| Some((relation, relative?)))
    .chain(children)
    .filter(|(_, relative)| relative.alive)
    .collect()
}

fn deceased_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    living_relatives(context)
        .into_iter()
        .map(|(relation, relative)| {
            let label = format!(
                "{} ({}, {} {})",
                relative.full_name,
                relation.get(lang),
                Text::new("sinh ngày", "born").get(lang),
                display_date(&relative.date_of_birth, lang),
            );
            Choice::new(relative.personal_id, label)
        })
        .chain(std::iter::once(Choice::new(
            SOMEONE_ELSE,
            Text::new(
                "Một người khác (nhập số định danh)",
                "Someone else (enter their ID number)",
            )
            .get(lang),
        )))
        .collect()
}

/// The personal ID number of the deceased, chosen or typed.
pub(super) fn deceased_id(answers: &Answers) -> &str {
    if answers.is("deceased", SOMEONE_ELSE) {
        answers.get("deceased_id").unwrap_or_default()
    } else {
        answers.get("deceased").unwrap_or_default()
    }
}

/// The person whose death an application registers: one registration per death, whichever
/// service it goes through.
pub(super) fn deceased_concerned(answers: &Answers, _: &Context) -> Option<String> {
    Some(deceased_id(answers))
        .filter(|id| !id.is_empty())
        .map(|id| format!("deceased:{id}"))
}

/// The deceased's date of birth, known from the relatives or typed.
fn deceased_birth(answers: &Answers, context: &Context) -> Option<String> {
    if answers.is("deceased", SOMEONE_ELSE) {
        return answers.get("deceased_dob").map(str::to_string);
    }
    living_relatives(context)
        .into_iter()
        .find(|(_, relative)| relative.personal_id == deceased_id(answers))
        .map(|(_, relative)| relative.date_of_birth)
}

/// A death is registered once: a second registration is refused with the reason.
fn not_yet_registered(person: &Value, _: &Answers, context: &Context) -> Result<(), Text> {
    let applicant = PERSON.read(context).map(|applicant| applicant.personal_id);
    if person["personal_id"].as_str() == applicant.as_deref() {
        return Err(Text::new(
            "Hãy nhập số định danh của người đã mất",
            "Enter the ID number of the person who died",
        ));
    }
    if person["date_of_death"].is_null() {
        Ok(())
    } else {
        Err(Text::new(
            "Việc khai tử cho người này đã được đăng ký. Bạn có thể xin bản sao trích lục khai tử tại cơ quan hộ tịch.",
            "This death is already registered. You can ask the civil-status office for a copy of the death extract.",
        ))
    }
}

pub(super) const DECEASED: Step = Step {
    id: "deceased",
    title: Text::new("Người đã mất", "The person who died"),
    questions: &[Question {
        id: "deceased",
        label: Text::new("Người đã mất là ai?", "Who died?"),
        hint: Some(Text::new(
            "Người thân của bạn theo cơ sở dữ liệu dân cư",
            "Your relatives as the population database lists them",
        )),
        kind: Kind::Choice(Options::FromContext(deceased_choices)),
        optional: false,
    }],
    show_if: None,
    validate: None,
    checks: &[],
};

pub(super) const DECEASED_IDENTITY: Step = Step {
    id: "deceased-identity",
    title: Text::new("Thông tin người đã mất", "About the person who died"),
    questions: &[
        Question {
            id: "deceased_id",
            label: Text::new(
                "Số định danh cá nhân của người đã mất",
                "Their personal ID number",
            ),
            hint: Some(Text::new(
                "12 chữ số trên thẻ căn cước hoặc giấy báo tử",
                "The 12 digits on their ID card or the death notice",
            )),
            kind: Kind::PersonalId,
            optional: false,
        },
        Question {
            id: "deceased_name",
            label: Text::new("Họ, chữ đệm và tên của người đã mất", "Their full name"),
            hint: None,
            kind: Kind::PersonName { max_chars: 100 },
            optional: false,
        },
        Question {
            id: "deceased_dob",
            label: Text::new("Ngày sinh của người đã mất", "Their date of birth"),
            hint: Some(Text::new("Ví dụ 27/03/1940", "For example 27/03/1940")),
            kind: Kind::Date {
                past: true,
                future: false,
            },
            optional: false,
        },
        Question {
            id: "relation",
            label: Text::new(
                "Bạn là gì của người đã mất?",
                "How are you related to them?",
            ),
            hint: None,
            kind: Kind::Choice(Options::Fixed(&[
                (
                    "sibling",
                    Text::new("Anh, chị, em ruột", "Brother or sister"),
                ),
                (
                    "grandchild",
                    Text::new("Cháu", "Grandchild, niece or nephew"),
                ),
                (
                    "other_relative",
                    Text::new("Người thân thích khác", "Another relative"),
                ),
                (
                    "host",
                    Text::new(
                        "Chủ nơi người đó mất (không phải người thân)",
                        "Owner of the place where they died (not a relative)",
                    ),
                ),
            ])),
            optional: false,
        },
    ],
    show_if: Some(|answers, _| answers.is("deceased", SOMEONE_ELSE)),
    validate: None,
    checks: &[
        RegistryCheck::VerifyPerson {
            id: "deceased_id",
            name: "deceased_name",
            date_of_birth: "deceased_dob",
        },
        RegistryCheck::PersonMeets {
            id: "deceased_id",
            rule: not_yet_registered,
        },
    ],
};

pub(super) const DEATH: Step = Step {
    id: "death",
    title: Text::new("Thời gian và nơi mất", "When and where they died"),
    questions: &[
        Question {
            id: "date_of_death",
            label: Text::new("Ngày mất", "Date of death"),
            hint: Some(Text::new("Như ghi trên giấy báo tử, ví dụ 20/11/2026", "As on the death notice, for example 20/11/2026")),
            kind: Kind::Date { past: true, future: false },
            optional: false,
        },
        Question {
            id: "place_kind",
            label: Text::new("Mất tại đâu?", "Where did they die?"),
            hint: None,
            kind: Kind::Choice(Options::Fixed(&[
                ("health_facility", Text::new("Tại cơ sở y tế", "In a hospital or health facility")),
                ("home", Text::new("Tại nhà", "At home")),
                ("elsewhere", Text::new("Nơi khác", "Somewhere else")),
            ])),
            optional: false,
        },
        Question {
            id: "place",
            label: Text::new("Nơi mất", "Place of death"),
            hint: Some(Text::new(
                "Tên cơ sở y tế hoặc địa chỉ, ví dụ Bệnh viện Chợ Rẫy, TP Hồ Chí Minh",
                "The facility's name or the address, for example Chợ Rẫy Hospital, Hồ Chí Minh City",
            )),
            kind: Kind::Text { max_chars: 200 },
            optional: false,
        },
    ],
    show_if: None,
    validate: Some(|answers, context| {
        let died = answers.get("date_of_death");
        let born = deceased_birth(answers, context);
        match (died.and_then(parse_date), born.as_deref().and_then(parse_date)) {
            (Some(died), Some(born)) if died < born => {
                vec![("date_of_death", Text::new("Ngày mất không thể trước ngày sinh", "The date of death cannot be before the date of birth"))]
            }
            _ => vec![],
        }
    }),
    checks: &[],
};

pub(super) const CAUSE: Step = Step {
    id: "cause",
    title: Text::new("Nguyên nhân mất", "Cause of death"),
    questions: &[Question {
        id: "cause",
        label: Text::new("Nguyên nhân mất", "Cause of death"),
        hint: Some(Text::new(
            "Như ghi trên giấy báo tử, ví dụ bệnh, tuổi già, tai nạn",
            "As on the death notice, for example illness, old age, accident",
        )),
        kind: Kind::Text { max_chars: 200 },
        optional: false,
    }],
    show_if: None,
    validate: None,
    checks: &[],
};

pub(super) const NOTICE: Step = Step {
    id: "notice",
    title: Text::new("Giấy báo tử", "Death notice"),
    questions: &[
        Question {
            id: "notice_number",
            label: Text::new("Số giấy báo tử", "Death notice number"),
            hint: Some(Text::new(
                "Giấy báo tử do cơ sở y tế, hoặc UBND cấp xã nơi người đó mất cấp",
                "Issued by the health facility, or by the commune where the person died",
            )),
            kind: Kind::Text { max_chars: 30 },
            optional: false,
        },
        Question {
            id: "notice_issuer",
            label: Text::new("Nơi cấp giấy báo tử", "Issued by"),
            hint: None,
            kind: Kind::Text { max_chars: 200 },
            optional: false,
        },
    ],
    show_if: None,
    validate: None,
    checks: &[],
};

/// The days the family has to register a death (Civil Status Law 2014, art. 33).
const REGISTRATION_DAYS: i64 = 15;

/// A death registered late: the justice office asks the reason before deciding.
pub(super) fn late_registration(submitted: &Submitted) -> Option<InformationRequest> {
    (days_until_sent(submitted, "date_of_death")? > REGISTRATION_DAYS).then_some(
        InformationRequest {
            message: Text::new(
                "Việc khai tử được đăng ký sau hơn 15 ngày kể từ ngày mất. Theo Điều 33 Luật Hộ tịch, người thân có trách nhiệm đăng ký khai tử trong thời hạn 15 ngày; khi đăng ký chậm, hãy cho biết lý do.",
                "The death is registered more than 15 days after it happened. Article 33 of the Civil Status Law asks the family to register a death within 15 days; please say why it is registered late.",
            ),
            document: None,
        },
    )
}

/// Records the death; the registry answers with the death certificate number.
pub(super) fn record_death(submitted: &Submitted) -> RegistryWrite {
    RegistryWrite {
        path: "/v1/deaths",
        note: Text::new("Đã đăng ký khai tử", "Death registered"),
        key: "death",
        body: json!({
            "personal_id": deceased_id(submitted.answers),
            "date_of_death": submitted.answers.get("date_of_death").unwrap_or_default(),
        }),
    }
}

pub(super) fn death_certificate(response: Option<&Value>) -> OutcomeLine {
    OutcomeLine {
        label: Text::new("Số trích lục khai tử", "Death certificate number"),
        value: response
            .and_then(|death| death["death_certificate_number"].as_str())
            .unwrap_or_default()
            .to_string(),
    }
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 10,
        slug: "death-registration",
        procedure_code: Some("1.000656"),
        name: Text::new("Đăng ký khai tử", "Register a death"),
        summary: Text::new(
            "Đăng ký khai tử cho người thân đã mất.",
            "Register the death of a family member.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::CommuneJustice,
        who_can_use: Text::new(
            "Vợ, chồng, con, cha, mẹ hoặc người thân của người đã mất.",
            "The spouse, child, parent or a relative of the deceased.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Giấy báo tử hoặc giấy tờ thay thế",
                "The death notice or an equivalent document",
            ),
        ],
        fee: FREE,
        time_limit: Text::new("Trong ngày làm việc", "The same working day"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, RELATIVES.source],
    prefilled: &IDENTITY,
    steps: &[DECEASED, DECEASED_IDENTITY, DEATH, CAUSE, NOTICE],
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
        outcome: |_, responses| vec![death_certificate(responses.first())],
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;

    pub(crate) fn context() -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "personal_id": "034047001234" })),
        );
        context.insert(
            RELATIVES.source.key,
            json!({
                "father": { "personal_id": "034020000111", "full_name": "Trần Văn Cả", "date_of_birth": "1920-01-01", "sex": "male", "alive": false },
                "mother": null,
                "spouse": { "personal_id": "034044001999", "full_name": "Trần Văn Bình", "date_of_birth": "1944-03-02", "sex": "male", "alive": true },
                "children": [{ "personal_id": "034170002222", "full_name": "Trần Thị Dung", "date_of_birth": "1970-05-05", "sex": "female", "alive": true }],
            }),
        );
        context
    }

    #[test]
    fn a_death_registered_after_15_days_needs_its_reason() {
        let asked = |date_of_death: &str| {
            let mut answers = Answers::default();
            answers.set("date_of_death", date_of_death.into());
            let context = context();
            let submitted = Submitted {
                answers: &answers,
                context: &context,
                subject_id: "034047001234",
                reference: "HS202600000001",
            };
            late_registration(&submitted).map(|request| request.message.en)
        };
        // Sent on 27 November: the 12th is the 15th day before, the 11th is late.
        assert_eq!(asked("2026-11-12"), None);
        assert!(asked("2026-11-11").is_some_and(|message| message.contains("15 days")));
    }

    #[test]
    fn living_relatives_are_offered_then_someone_else() {
        let choices = deceased_choices(&context(), Lang::Vi);
        let values: Vec<_> = choices.iter().map(|choice| choice.value.as_str()).collect();
        assert_eq!(values, ["034044001999", "034170002222", SOMEONE_ELSE]);
        assert_eq!(
            choices[0].label,
            "Trần Văn Bình (vợ/chồng, sinh ngày 02/03/1944)"
        );
    }

    #[test]
    fn someone_else_is_named_and_verified() {
        let context = context();
        let mut answers = Answers::default();
        answers.set("deceased", "034044001999".into());
        assert!(!DECEASED_IDENTITY.is_asked(&answers, &context));
        assert_eq!(deceased_id(&answers), "034044001999");
        answers.set("deceased", SOMEONE_ELSE.into());
        answers.set("deceased_id", "001050003333".into());
        assert!(DECEASED_IDENTITY.is_asked(&answers, &context));
        assert_eq!(deceased_id(&answers), "001050003333");
        let registered = json!({ "personal_id": "001050003333", "date_of_death": "2026-01-01" });
        assert!(not_yet_registered(&registered, &answers, &context)
            .unwrap_err()
            .en
            .contains("already registered"));
        let own = json!({ "personal_id": "034047001234", "date_of_death": null });
        assert!(not_yet_registered(&own, &answers, &context).is_err());
    }

    #[test]
    fn the_date_of_death_follows_the_birth() {
        let context = context();
        let mut answers = Answers::default();
        answers.set("deceased", "034044001999".into());
        answers.set("date_of_death", "1940-01-01".into());
        let validate = DEATH.validate.unwrap();
        assert_eq!(validate(&answers, &context)[0].0, "date_of_death");
        answers.set("date_of_death", "2026-11-20".into());
        assert!(validate(&answers, &context).is_empty());
    }
}
