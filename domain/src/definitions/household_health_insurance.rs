//! Service 17: renewing household health-insurance cards. The household and its members come from
//! the registry; the citizen ticks the members to renew for the next 12 months, and the premium
//! follows the household reduction rule (Decree 146/2018, art. 7): the first member pays 4.5% of
//! the base salary a month, the second 70% of that, the third 60%, the fourth 50%, and each
//! further member 40%. Children under 6 get a free state-funded card, so they are not offered.

use super::common::{
    decision_number, display_date, display_vnd, parse_date, BASE_SALARY_VND, IDENTITY,
    SIGN_IN_LEVEL_2,
};
use super::sources::{HOUSEHOLD, INSURANCE_CARDS, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::records::Member;
use crate::text::{Lang, Text};

const MONTHS: u64 = 12;

/// The first member's premium for the period: 4.5% of the base salary a month.
const FIRST_MEMBER_VND: u64 = BASE_SALARY_VND * 45 / 1000 * MONTHS;

/// The premium of the n-th member (from 1), as a percentage of the first member's.
fn share_percent(position: usize) -> u64 {
    match position {
        1 => 100,
        2 => 70,
        3 => 60,
        4 => 50,
        _ => 40,
    }
}

/// The household's premium for `members` members.
fn premium(members: usize) -> u64 {
    (1..=members)
        .map(|position| FIRST_MEMBER_VND * share_percent(position) / 100)
        .sum()
}

/// The members of the applicant's household, as the registry lists them.
fn members(context: &Context) -> Vec<Member> {
    HOUSEHOLD
        .read(context)
        .map(|household| household.members)
        .unwrap_or_default()
}

/// Members aged 6 or over today: younger children are insured free by the state.
fn insurable(context: &Context) -> impl Iterator<Item = Member> {
    let today = context.get("today").as_str().and_then(parse_date);
    members(context).into_iter().filter(move |member| {
        match (parse_date(&member.date_of_birth), today) {
            (Some(born), Some(today)) => crate::age::completed_years(born, today) >= 6,
            _ => false,
        }
    })
}

fn member_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    insurable(context)
        .map(|member| {
            let born = format!(
                "{} {}",
                Text::new("sinh ngày", "born").get(lang),
                display_date(&member.date_of_birth, lang)
            );
            let label = if member.relation_label.is_empty() {
                format!("{} ({born})", member.full_name)
            } else {
                format!("{} ({}, {born})", member.full_name, member.relation_label)
            };
            Choice::new(member.personal_id, label)
        })
        .collect()
}

fn chosen_count(answers: &Answers) -> usize {
    answers
        .get("members")
        .map_or(0, |chosen| chosen.split(',').count())
}

/// The last day of the renewed cards: the end of next year, as the current household cards run
/// to the end of this one.
fn renewed_until(context: &Context) -> String {
    let year = context
        .get("today")
        .as_str()
        .and_then(parse_date)
        .map_or(0, |today| today.year());
    format!("{}-12-31", year + 1)
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    Prefilled {
        label: Text::new("Hộ gia đình", "Household"),
        value: |context, lang| {
            let household = HOUSEHOLD.read(context)?;
            Some(format!(
                "{} {} — {}",
                Text::new("Sổ hộ khẩu điện tử số", "Residence file no.").get(lang),
                household.residence_file_number,
                household.address.full
            ))
        },
    },
    Prefilled {
        label: Text::new("Thẻ BHYT của bạn", "Your health-insurance card"),
        value: |context, lang| {
            let card = INSURANCE_CARDS.read(context).into_iter().next()?;
            Some(format!(
                "{} — {} {}",
                card.card_number,
                Text::new("có giá trị đến", "valid until").get(lang),
                display_date(&card.valid_to, lang)
            ))
        },
    },
    Prefilled {
        label: Text::new("Mức đóng 12 tháng", "Premium for 12 months"),
        value: |_, lang| {
            let shares: Vec<String> = (1..=5)
                .map(|position| display_vnd(FIRST_MEMBER_VND * share_percent(position) / 100))
                .collect();
            Some(format!(
                "{}: {}",
                Text::new(
                    "Người thứ nhất, thứ hai, thứ ba, thứ tư, từ thứ năm",
                    "First, second, third, fourth, fifth and further members"
                )
                .get(lang),
                shares.join(" / ")
            ))
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 17,
        slug: "household-health-insurance",
        procedure_code: None,
        name: Text::new(
            "Gia hạn thẻ BHYT theo hộ gia đình (giảm trừ mức đóng)",
            "Renew household health-insurance cards",
        ),
        summary: Text::new(
            "Gia hạn thẻ bảo hiểm y tế cho các thành viên hộ gia đình, được giảm mức đóng từ người thứ hai.",
            "Renew health-insurance cards for your household, with lower premiums from the second member.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::SocialInsurance,
        who_can_use: Text::new(
            "Thành viên hộ gia đình tham gia BHYT theo hộ.",
            "Members of a household insured as a household.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "Mức đóng theo số người tham gia: người thứ nhất 4,5% mức lương cơ sở, giảm dần từ người thứ hai",
            "Premium by household size: 4.5% of the base salary for the first member, less from the second",
        ),
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, HOUSEHOLD.source, INSURANCE_CARDS.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "members",
            title: Text::new("Thành viên gia hạn thẻ", "Members to renew"),
            questions: &[Question {
                id: "members",
                label: Text::new("Gia hạn thẻ cho những ai?", "Whose cards are you renewing?"),
                hint: Some(Text::new(
                    "Chọn tất cả những người tham gia theo hộ: từ người thứ hai mức đóng được giảm. Người đã có thẻ do nơi làm việc, trường học hoặc Nhà nước đóng thì không chọn.",
                    "Select everyone insured as a household: from the second member the premium is lower. Leave out anyone whose card is paid by an employer, a school or the state.",
                )),
                kind: Kind::Choices(Options::FromContext(member_choices)),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "facility",
            title: Text::new("Nơi đăng ký khám chữa bệnh ban đầu", "Where you see a doctor first"),
            questions: &[Question {
                id: "facility_choice",
                label: Text::new("Nơi đăng ký khám chữa bệnh ban đầu", "Primary care facility"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("keep", Text::new("Giữ nguyên như thẻ hiện tại", "Keep the one on the current cards")),
                    ("change", Text::new("Đổi sang cơ sở khác", "Change to another facility")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "new-facility",
            title: Text::new("Cơ sở khám chữa bệnh mới", "New primary care facility"),
            questions: &[Question {
                id: "facility",
                label: Text::new("Tên cơ sở khám chữa bệnh", "Name of the facility"),
                hint: Some(Text::new(
                    "Trạm y tế, phòng khám hoặc bệnh viện tuyến huyện trong tỉnh nơi bạn sống, ví dụ Trạm Y tế phường Thạch Thang",
                    "A health station, clinic or district hospital in your province, for example Thạch Thang Ward Health Station",
                )),
                kind: Kind::Text { max_chars: 200 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("facility_choice", "change")),
            validate: None,
            checks: &[],
        },
    ],
    fee: |answers, _| Some(premium(chosen_count(answers))).filter(|premium| *premium > 0),
    eligibility: Some(|context| {
        if HOUSEHOLD.read(context).is_none() {
            return Err(Text::new(
                "Cơ sở dữ liệu dân cư chưa ghi nhận hộ gia đình của bạn. Hãy đăng ký thường trú trước, rồi gia hạn thẻ theo hộ.",
                "The population database has no household for you. Register your permanent residence first, then renew the cards as a household.",
            ));
        }
        if insurable(context).next().is_none() {
            return Err(Text::new(
                "Hộ của bạn chỉ có trẻ dưới 6 tuổi, được Nhà nước cấp thẻ bảo hiểm y tế miễn phí; không cần gia hạn theo hộ.",
                "Your household has only children under 6, whose cards the state provides free; there is nothing to renew as a household.",
            ));
        }
        Ok(())
    }),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: Text::new(
        "Tôi cam đoan những người được chọn tham gia bảo hiểm y tế theo hộ gia đình và chưa có thẻ do nơi khác đóng; thông tin trên là đúng sự thật.",
        "I declare that the people selected are insured as a household and that no one else pays for their cards; the information above is true.",
    ),
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let names: Vec<String> = members(submitted.context)
                .into_iter()
                .filter(|member| submitted.answers.includes("members", &member.personal_id))
                .map(|member| member.full_name)
                .collect();
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new("Thẻ được gia hạn", "Cards renewed"),
                    value: names.join(", "),
                },
                OutcomeLine {
                    label: Text::new("Có giá trị đến", "Valid until"),
                    value: display_date(&renewed_until(submitted.context), Lang::Vi),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::{json, Value};

    fn context() -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        let members = [
            json!({ "personal_id": "048091000001", "full_name": "Lê Văn An", "date_of_birth": "1991-01-01", "relation_label": "Chủ hộ" }),
            json!({ "personal_id": "048193000002", "full_name": "Phạm Thị Bích", "date_of_birth": "1993-02-02", "relation_label": "Vợ" }),
            json!({ "personal_id": "048317000003", "full_name": "Lê Thị Cúc", "date_of_birth": "2017-03-03", "relation_label": "Con" }),
            json!({ "personal_id": "048222000004", "full_name": "Lê Văn Dũng", "date_of_birth": "2022-04-04", "relation_label": "Con" }),
        ]
        .map(samples::member);
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "members": members })),
        );
        context
    }

    #[test]
    fn the_premium_falls_from_the_second_member() {
        assert_eq!(FIRST_MEMBER_VND, 1_263_600);
        assert_eq!(premium(1), 1_263_600);
        assert_eq!(premium(2), 1_263_600 + 884_520);
        assert_eq!(premium(3), 1_263_600 + 884_520 + 758_160);
        assert_eq!(
            premium(6),
            1_263_600 + 884_520 + 758_160 + 631_800 + 2 * 505_440
        );
        let mut answers = Answers::default();
        assert_eq!((DEFINITION.fee)(&answers, &context()), None);
        answers.set("members", "048091000001,048317000003".into());
        assert_eq!((DEFINITION.fee)(&answers, &context()), Some(2_148_120));
    }

    #[test]
    fn children_under_six_are_not_offered() {
        let choices = member_choices(&context(), Lang::Vi);
        let values: Vec<_> = choices.iter().map(|choice| choice.value.as_str()).collect();
        assert_eq!(values, ["048091000001", "048193000002", "048317000003"]);
        assert_eq!(choices[0].label, "Lê Văn An (Chủ hộ, sinh ngày 01/01/1991)");
    }

    #[test]
    fn a_household_of_young_children_only_or_none_cannot_apply() {
        let eligible = DEFINITION.eligibility.unwrap();
        assert!(eligible(&context()).is_ok());
        let mut young = context();
        let child = json!({ "personal_id": "048222000004", "full_name": "Lê Văn Dũng", "date_of_birth": "2022-04-04" });
        young.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "members": [samples::member(child)] })),
        );
        assert!(eligible(&young).unwrap_err().en.contains("under 6"));
        let mut none = context();
        none.insert(HOUSEHOLD.source.key, Value::Null);
        assert!(eligible(&none).unwrap_err().en.contains("no household"));
        assert_eq!(renewed_until(&context()), "2027-12-31");
    }
}
