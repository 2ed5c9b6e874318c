//! Service 11: registering a marriage. The applicant's own status and age come from the
//! registry; the partner is named by ID number, full name and date of birth, verified, and their
//! record is checked the same way (free to marry, of age, not a close relative). The partner
//! confirms on their own account that they marry of their own free will, then both come to the
//! commune office on the chosen day to sign the register; the decision records the marriage.

use super::common::{
    agreement_of, agreement_refused, applicant_age, display_date, parse_date, personal_id_of, FREE,
    IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, ConsentRequest, Context, Definition, Effects, Kind, OutcomeLine, Prefilled,
    Question, RegistryCheck, RegistryWrite, Step, Submitted,
};
use crate::text::Text;
use serde_json::{json, Value};

/// Marriage needs both parties' free consent (Marriage and Family Law 2014, art. 8): the partner
/// confirms on their own account, with the day the applicant chose.
fn partner_must_confirm(submitted: &Submitted) -> Option<ConsentRequest> {
    let ceremony = submitted.answers.get("ceremony_date").unwrap_or_default();
    agreement_of(
        submitted,
        "partner_id",
        Text::new(
            "Xác nhận bạn tự nguyện đăng ký kết hôn với người dưới đây, và ngày hai bên đến ký sổ",
            "Confirm that you freely register your marriage with the person below, and the day you both come to sign",
        ),
        &display_date(ceremony, crate::text::Lang::Vi),
    )
}

/// Marriage and Family Law 2014, art. 8: a man from 20, a woman from 18.
fn minimum_age(sex: &str) -> i32 {
    if sex == "male" {
        20
    } else {
        18
    }
}

fn age_on_today(person: &Value, context: &Context) -> Option<i32> {
    let birth = parse_date(person["date_of_birth"].as_str()?)?;
    let today = parse_date(context.get("today").as_str()?)?;
    Some(crate::age::completed_years(birth, today))
}

/// The applicant may register only while not married and of age.
fn applicant_may_marry(context: &Context) -> Result<(), Text> {
    let applicant = PERSON.read(context);
    if applicant
        .as_ref()
        .is_some_and(|applicant| applicant.marital_status == "married")
    {
        return Err(Text::new(
            "Cơ sở dữ liệu dân cư ghi nhận bạn đang có vợ hoặc chồng, nên chưa thể đăng ký kết hôn. Nếu hôn nhân trước đã chấm dứt (ly hôn, người kia đã mất), hãy đề nghị cập nhật thông tin trước.",
            "The population database shows that you are married, so you cannot register a marriage. If that marriage has ended (divorce, death), ask for your record to be updated first.",
        ));
    }
    let sex = applicant
        .as_ref()
        .map_or("", |applicant| applicant.sex.as_str());
    match applicant_age(context) {
        Some(age) if age < minimum_age(sex) => Err(if sex == "male" {
            Text::new(
                "Nam phải từ đủ 20 tuổi mới được đăng ký kết hôn.",
                "A man must be 20 or over to marry.",
            )
        } else {
            Text::new(
                "Nữ phải từ đủ 18 tuổi mới được đăng ký kết hôn.",
                "A woman must be 18 or over to marry.",
            )
        }),
        _ => Ok(()),
    }
}

/// The partner's record, once verified: alive, of the other sex, single (or widowed, divorced),
/// of age and not a close relative (parent and child, or siblings sharing a parent).
fn partner_may_marry(partner: &Value, _: &Answers, context: &Context) -> Result<(), Text> {
    let applicant = PERSON.read(context);
    let field = |key: &str| partner[key].as_str();
    if !partner["date_of_death"].is_null() {
        return Err(Text::new(
            "Cơ sở dữ liệu dân cư ghi nhận người này đã mất.",
            "The population database records this person as deceased.",
        ));
    }
    let sex = field("sex").unwrap_or_default();
    if applicant
        .as_ref()
        .is_some_and(|applicant| applicant.sex == sex)
    {
        return Err(Text::new(
            "Pháp luật hiện hành chỉ đăng ký kết hôn giữa nam và nữ.",
            "The law registers a marriage between a man and a woman only.",
        ));
    }
    if partner["marital_status"] == "married" {
        return Err(Text::new(
            "Cơ sở dữ liệu dân cư ghi nhận người này đang có vợ hoặc chồng, nên chưa thể đăng ký kết hôn.",
            "The population database shows that this person is married, so the marriage cannot be registered.",
        ));
    }
    if age_on_today(partner, context).is_some_and(|age| age < minimum_age(sex)) {
        return Err(Text::new(
            "Người này chưa đủ tuổi kết hôn (nam từ đủ 20 tuổi, nữ từ đủ 18 tuổi).",
            "This person is not old enough to marry (a man must be 20, a woman 18).",
        ));
    }
    // Each one's ID number and parents' ID numbers, as far as the registry links them.
    let (applicant_id, applicant_father, applicant_mother) = match &applicant {
        Some(applicant) => (
            Some(applicant.personal_id.as_str()),
            applicant.father_id.as_deref(),
            applicant.mother_id.as_deref(),
        ),
        None => (None, None, None),
    };
    let (partner_id, partner_father, partner_mother) =
        (field("personal_id"), field("father_id"), field("mother_id"));
    let parent_of = |parent: Option<&str>, father: Option<&str>, mother: Option<&str>| {
        parent.is_some() && (father == parent || mother == parent)
    };
    let shared = |one: Option<&str>, other: Option<&str>| one.is_some() && one == other;
    if parent_of(applicant_id, partner_father, partner_mother)
        || parent_of(partner_id, applicant_father, applicant_mother)
        || shared(applicant_father, partner_father)
        || shared(applicant_mother, partner_mother)
    {
        return Err(Text::new(
            "Pháp luật cấm kết hôn giữa những người cùng dòng máu trực hệ hoặc có họ trong phạm vi ba đời.",
            "The law forbids marriage between close blood relatives.",
        ));
    }
    Ok(())
}

/// The commune office of the applicant's permanent residence, which registers the marriage.
fn office(context: &Context) -> String {
    let (commune, province) = PERSON
        .read(context)
        .and_then(|person| person.permanent_residence)
        .map(|residence| (residence.commune, residence.province_name))
        .unwrap_or_default();
    format!("UBND {commune}, {province}")
}

const PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Tình trạng hôn nhân", "Marital status"),
        value: |context, lang| {
            let status = match PERSON.read(context)?.marital_status.as_str() {
                "single" => Text::new("Chưa kết hôn", "Never married"),
                "divorced" => Text::new("Đã ly hôn", "Divorced"),
                "widowed" => Text::new("Góa", "Widowed"),
                _ => Text::new("Đang có vợ hoặc chồng", "Married"),
            };
            Some(status.get(lang).to_string())
        },
    },
    Prefilled {
        label: Text::new("Cơ quan đăng ký", "Registering office"),
        value: |context, _| Some(office(context)),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 11,
        slug: "marriage-registration",
        procedure_code: Some("1.000894"),
        name: Text::new("Đăng ký kết hôn", "Register a marriage"),
        summary: Text::new(
            "Hai bên nam, nữ đăng ký kết hôn; tình trạng hôn nhân được kiểm tra với cơ sở dữ liệu dân cư.",
            "Register your marriage; both partners' marital status is checked with the population database.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::CommuneJustice,
        who_can_use: Text::new(
            "Nam từ 20 tuổi, nữ từ 18 tuổi, chưa có vợ hoặc chồng.",
            "Men aged 20 or over and women aged 18 or over who are not married.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số định danh cá nhân của người kia", "Your partner's personal ID number"),
        ],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "partner",
            title: Text::new("Người bạn kết hôn", "The person you are marrying"),
            questions: &[
                personal_id_of(
                    "partner_id",
                    Text::new(
                        "Số định danh cá nhân của người kia",
                        "Their personal ID number",
                    ),
                ),
                Question {
                    id: "partner_name",
                    label: Text::new("Họ, chữ đệm và tên của người kia", "Their full name"),
                    hint: None,
                    kind: Kind::PersonName { max_chars: 100 },
                    optional: false,
                },
                Question {
                    id: "partner_dob",
                    label: Text::new("Ngày sinh của người kia", "Their date of birth"),
                    hint: Some(Text::new("Ví dụ 27/03/1998", "For example 27/03/1998")),
                    kind: Kind::Date { past: true, future: false },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(|answers, context| {
                let own = PERSON.read(context).map(|person| person.personal_id);
                if answers.get("partner_id") == own.as_deref() {
                    vec![("partner_id", Text::new("Hãy nhập số định danh của người kia, không phải của bạn", "Enter the other person's ID number, not yours"))]
                } else {
                    vec![]
                }
            }),
            checks: &[
                RegistryCheck::VerifyPerson {
                    id: "partner_id",
                    name: "partner_name",
                    date_of_birth: "partner_dob",
                },
                RegistryCheck::PersonMeets {
                    id: "partner_id",
                    rule: partner_may_marry,
                },
            ],
        },
        Step {
            id: "ceremony",
            title: Text::new("Ngày ký sổ và nhận giấy chứng nhận", "The day you sign and receive the certificate"),
            questions: &[Question {
                id: "ceremony_date",
                label: Text::new("Ngày hai bên đến ký sổ hộ tịch", "The day you both come to sign the register"),
                hint: Some(Text::new(
                    "Cả hai bên cùng có mặt tại cơ quan đăng ký, từ 3 ngày làm việc đến 60 ngày kể từ hôm nay",
                    "You both come to the registering office, from 3 working days to 60 days from today",
                )),
                kind: Kind::Date { past: false, future: true },
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, context| match ceremony_too_soon_or_late(answers, context) {
                Some(message) => vec![("ceremony_date", message)],
                None => vec![],
            }),
            checks: &[],
        },
    ],
    fee: super::common::free,
    eligibility: Some(applicant_may_marry),
    ready: None,
    consent: Some(partner_must_confirm),
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: Text::new(
        "Tôi cam đoan hai bên kết hôn hoàn toàn tự nguyện, đáp ứng đủ điều kiện kết hôn theo Luật Hôn nhân và gia đình, và những thông tin trên là đúng sự thật.",
        "I declare that we both marry of our own free will and meet the conditions of the Marriage and Family Law, and that the information above is true.",
    ),
    effects: Effects {
        writes: |submitted| {
            if agreement_refused(submitted) {
                return Vec::new();
            }
            let partner = submitted.answers.get("partner_id").unwrap_or_default();
            let applicant = submitted.subject_id;
            let applicant_is_male = PERSON
                .read(submitted.context)
                .is_some_and(|person| person.sex == "male");
            let (husband, wife) = if applicant_is_male {
                (applicant, partner)
            } else {
                (partner, applicant)
            };
            vec![RegistryWrite {
                path: "/v1/marriages",
                note: Text::new("Đã đăng ký kết hôn", "Marriage registered"),
                key: "marriage",
                body: json!({ "husband_id": husband, "wife_id": wife, "place": office(submitted.context) }),
            }]
        },
        outcome: |submitted, responses| {
            if agreement_refused(submitted) {
                return vec![OutcomeLine {
                    label: Text::new("Kết hôn", "Marriage"),
                    value: Text::new(
                        "Chưa đăng ký: người kia không xác nhận.",
                        "Not registered: the other person did not confirm.",
                    )
                    .both(),
                }];
            }
            let marriage = responses.first().unwrap_or(&Value::Null);
            let ceremony = submitted.answers.get("ceremony_date").unwrap_or_default();
            vec![
                OutcomeLine {
                    label: Text::new("Số giấy chứng nhận kết hôn", "Marriage certificate number"),
                    value: marriage["certificate_number"].as_str().unwrap_or_default().to_string(),
                },
                OutcomeLine {
                    label: Text::new("Nơi đăng ký", "Registered at"),
                    value: marriage["place"].as_str().unwrap_or_default().to_string(),
                },
                OutcomeLine {
                    label: Text::new("Ngày hai bên đến ký sổ và nhận giấy chứng nhận", "Come together to sign and collect it on"),
                    value: display_date(ceremony, crate::text::Lang::Vi),
                },
            ]
        },
    },
};

/// The office needs 3 working days to check (counted here as 3 days, weekends aside) and keeps
/// the appointment open 60 days.
fn ceremony_too_soon_or_late(answers: &Answers, context: &Context) -> Option<Text> {
    let day = parse_date(answers.get("ceremony_date")?)?;
    let today = parse_date(context.get("today").as_str()?)?;
    let mut earliest = today;
    let mut working_days = 0;
    while working_days < 3 {
        earliest = earliest.next_day()?;
        if !matches!(
            earliest.weekday(),
            time::Weekday::Saturday | time::Weekday::Sunday
        ) {
            working_days += 1;
        }
    }
    if day < earliest {
        Some(Text::new(
            "Cơ quan cần 3 ngày làm việc để kiểm tra; hãy chọn một ngày muộn hơn",
            "The office needs 3 working days to check; choose a later day",
        ))
    } else if (day - today).whole_days() > 60 {
        Some(Text::new(
            "Hãy chọn một ngày trong vòng 60 ngày tới",
            "Choose a day within the next 60 days",
        ))
    } else if matches!(
        day.weekday(),
        time::Weekday::Saturday | time::Weekday::Sunday
    ) {
        Some(Text::new(
            "Cơ quan không làm việc thứ Bảy, Chủ nhật; hãy chọn ngày làm việc",
            "The office is closed at weekends; choose a working day",
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;

    fn context(sex: &str, dob: &str, status: &str) -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            PERSON.source.key,
            samples::person(
                json!({ "personal_id": "079096001234", "sex": sex, "date_of_birth": dob, "marital_status": status,
                        "father_id": "079060001111", "mother_id": "079062002222" }),
            ),
        );
        context
    }

    fn partner(sex: &str, dob: &str, status: &str, father: &str) -> Value {
        samples::person(
            json!({ "personal_id": "079198003333", "sex": sex, "date_of_birth": dob, "marital_status": status,
                    "father_id": father, "mother_id": null, "date_of_death": null }),
        )
    }

    #[test]
    fn the_applicant_must_be_unmarried_and_of_age() {
        assert!(applicant_may_marry(&context("male", "1996-01-01", "single")).is_ok());
        assert!(
            applicant_may_marry(&context("male", "1996-01-01", "married"))
                .unwrap_err()
                .en
                .contains("you are married")
        );
        // 19: old enough for a woman, not for a man.
        assert!(applicant_may_marry(&context("female", "2007-06-01", "single")).is_ok());
        assert!(
            applicant_may_marry(&context("male", "2007-06-01", "single"))
                .unwrap_err()
                .en
                .contains("20")
        );
    }

    #[test]
    fn the_partner_is_checked_on_their_record() {
        let context = context("male", "1996-01-01", "single");
        let answers = Answers::default();
        assert!(partner_may_marry(
            &partner("female", "1998-05-05", "single", "079070004444"),
            &answers,
            &context
        )
        .is_ok());
        assert!(partner_may_marry(
            &partner("female", "1998-05-05", "widowed", "079070004444"),
            &answers,
            &context
        )
        .is_ok());
        let married = partner_may_marry(
            &partner("female", "1998-05-05", "married", "079070004444"),
            &answers,
            &context,
        );
        assert!(married.unwrap_err().en.contains("is married"));
        let young = partner_may_marry(
            &partner("female", "2009-05-05", "single", "079070004444"),
            &answers,
            &context,
        );
        assert!(young.unwrap_err().en.contains("not old enough"));
        let same_sex = partner_may_marry(
            &partner("male", "1998-05-05", "single", "079070004444"),
            &answers,
            &context,
        );
        assert!(same_sex.unwrap_err().en.contains("a man and a woman"));
        let sibling = partner_may_marry(
            &partner("female", "1998-05-05", "single", "079060001111"),
            &answers,
            &context,
        );
        assert!(sibling.unwrap_err().en.contains("close blood relatives"));
    }

    #[test]
    fn the_signing_day_leaves_three_working_days_and_avoids_weekends() {
        // 27 November 2026 is a Friday: the earliest day is Wednesday 2 December.
        let context = context("male", "1996-01-01", "single");
        let on = |day: &str| {
            let mut answers = Answers::default();
            answers.set("ceremony_date", day.into());
            ceremony_too_soon_or_late(&answers, &context)
        };
        assert!(on("2026-12-01").unwrap().en.contains("3 working days"));
        assert!(on("2026-12-02").is_none());
        assert!(on("2026-12-05").unwrap().en.contains("weekends"));
        assert!(on("2027-02-01").unwrap().en.contains("60 days"));
    }

    #[test]
    fn the_husband_and_wife_follow_the_records_sex() {
        let context = context("female", "1998-01-01", "single");
        let mut answers = Answers::default();
        answers.set("partner_id", "079096001235".into());
        let submitted = crate::engine::Submitted {
            answers: &answers,
            context: &context,
            subject_id: "079198003333",
            reference: "R1",
        };
        let writes = (DEFINITION.effects.writes)(&submitted);
        assert_eq!(writes[0].body["husband_id"], "079096001235");
        assert_eq!(writes[0].body["wife_id"], "079198003333");
        assert_eq!(
            writes[0].body["place"],
            "UBND Phường Bến Nghé, TP Hồ Chí Minh"
        );
    }
}
