//! Service 22: a judicial-record certificate (Judicial Records Law 2009). The population database
//! gives the applicant's identity and, for the full certificate (No. 2), the parents' and spouse's
//! names the form needs; the citizen chooses the certificate, says what it is for, how many copies
//! and how to receive them. Students and people with meritorious service pay half.

use super::common::{
    applicant_at_least, display_vnd, ADULT_RESIDENT, DECISION_DOCUMENT, DECLARATION, DELIVERY,
    IDENTITY, SIGN_IN_LEVEL_2, YES_NO,
};
use super::sources::{PERSON, RELATIVES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Kind, Options, Prefilled, Question, Step,
};
use crate::records::{Relative, Relatives};
use crate::text::Text;

const FEE_VND: u64 = 200_000;
const REDUCED_FEE_VND: u64 = 100_000;
/// Copies included in the fee; each one beyond costs this much.
const COPIES_INCLUDED: u64 = 2;
const EXTRA_COPY_VND: u64 = 5_000;

fn fee(answers: &Answers, _: &Context) -> Option<u64> {
    let base = if answers
        .get("reduction")
        .is_some_and(|reduction| reduction != "none")
    {
        REDUCED_FEE_VND
    } else {
        FEE_VND
    };
    let copies = answers
        .get("copies")
        .and_then(|copies| copies.parse::<u64>().ok())
        .unwrap_or(1);
    Some(base + copies.saturating_sub(COPIES_INCLUDED) * EXTRA_COPY_VND)
}

/// A relative's name from the registry, for the full certificate's form: `role` picks which.
fn relative_name(context: &Context, role: fn(Relatives) -> Option<Relative>) -> Option<String> {
    Some(role(RELATIVES.read(context)?)?.full_name)
}

const PREFILLED: [Prefilled; 8] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Họ tên cha", "Father's name"),
        value: |context, _| relative_name(context, |relatives| relatives.father),
    },
    Prefilled {
        label: Text::new("Họ tên mẹ", "Mother's name"),
        value: |context, _| relative_name(context, |relatives| relatives.mother),
    },
    Prefilled {
        label: Text::new("Họ tên vợ hoặc chồng", "Spouse's name"),
        value: |context, _| relative_name(context, |relatives| relatives.spouse),
    },
    Prefilled {
        label: Text::new("Lệ phí", "Fee"),
        value: |_, lang| {
            Some(format!(
                "{} {} ({} {}); {} {}",
                display_vnd(FEE_VND),
                Text::new("mỗi lần", "per request").get(lang),
                Text::new(
                    "sinh viên, người có công",
                    "students, people with meritorious service"
                )
                .get(lang),
                display_vnd(REDUCED_FEE_VND),
                Text::new("từ bản thứ 3 thêm mỗi bản", "from the 3rd copy, each").get(lang),
                display_vnd(EXTRA_COPY_VND),
            ))
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 22,
        slug: "judicial-record",
        procedure_code: None,
        name: Text::new("Cấp phiếu lý lịch tư pháp", "Get a judicial-record certificate"),
        summary: Text::new(
            "Xin phiếu lý lịch tư pháp để xin việc, du học hoặc làm thủ tục.",
            "Request a judicial-record certificate for a job, studies abroad or another procedure.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "200.000 đồng (sinh viên, người có công 100.000 đồng)",
            "VND 200,000 (students and people with meritorious service VND 100,000)",
        ),
        time_limit: Text::new("10 ngày làm việc", "10 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, RELATIVES.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "certificate",
            title: Text::new("Loại phiếu lý lịch tư pháp", "Which certificate"),
            questions: &[Question {
                id: "certificate",
                label: Text::new("Bạn cần phiếu nào?", "Which certificate do you need?"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "1",
                        Text::new(
                            "Phiếu số 1 — nộp cho cơ quan, tổ chức (xin việc, thành lập doanh nghiệp); chỉ ghi án tích chưa được xóa",
                            "Certificate No. 1 — for an employer or an authority; shows only convictions not yet expunged",
                        ),
                    ),
                    (
                        "2",
                        Text::new(
                            "Phiếu số 2 — ghi đầy đủ án tích, kể cả án tích đã được xóa (thường dùng khi xin thị thực, định cư)",
                            "Certificate No. 2 — the full record, expunged convictions included (often asked for visas and emigration)",
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
            id: "bans",
            title: Text::new("Thông tin về cấm đảm nhiệm chức vụ", "Bans from office"),
            questions: &[Question {
                id: "bans",
                label: Text::new(
                    "Ghi vào phiếu thông tin về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã?",
                    "Include whether you are banned from holding office or founding or managing a business or cooperative?",
                ),
                hint: Some(Text::new(
                    "Cần khi bạn thành lập hoặc quản lý doanh nghiệp, hợp tác xã",
                    "Needed when you found or manage a business or cooperative",
                )),
                kind: Kind::Choice(YES_NO),
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("certificate", "1")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "purpose",
            title: Text::new("Mục đích sử dụng phiếu", "What the certificate is for"),
            questions: &[Question {
                id: "purpose",
                label: Text::new("Mục đích", "Purpose"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("job", Text::new("Xin việc, bổ sung hồ sơ cán bộ", "A job application")),
                    ("study_abroad", Text::new("Du học", "Studying abroad")),
                    ("emigration", Text::new("Xin thị thực, định cư, kết hôn với người nước ngoài", "A visa, emigration or marrying a foreign national")),
                    ("business", Text::new("Thành lập, quản lý doanh nghiệp", "Founding or managing a business")),
                    ("other", Text::new("Việc khác", "Something else")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, _| {
                if answers.is("purpose", "business") && answers.is("certificate", "1") && answers.is("bans", "no") {
                    vec![(
                        "purpose",
                        Text::new(
                            "Để thành lập, quản lý doanh nghiệp, phiếu phải ghi thông tin về cấm đảm nhiệm chức vụ. Hãy quay lại chọn \"Có\" ở câu trước",
                            "To found or manage a business, the certificate must show bans from office. Go back and choose \"Yes\" on the previous question",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "purpose-other",
            title: Text::new("Mục đích khác", "Other purpose"),
            questions: &[Question {
                id: "purpose_detail",
                label: Text::new("Bạn dùng phiếu vào việc gì?", "What will you use it for?"),
                hint: None,
                kind: Kind::Text { max_chars: 200 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("purpose", "other")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "copies",
            title: Text::new("Số bản", "Copies"),
            questions: &[Question {
                id: "copies",
                label: Text::new("Số bản phiếu cần cấp", "How many copies"),
                hint: Some(Text::new(
                    "Từ 1 đến 10 bản; 2 bản đầu đã gồm trong lệ phí, từ bản thứ 3 thêm 5.000 đ mỗi bản",
                    "From 1 to 10; the first 2 are in the fee, each further copy costs 5.000 đ",
                )),
                kind: Kind::Number { min: 1, max: 10 },
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "reduction",
            title: Text::new("Giảm lệ phí", "Reduced fee"),
            questions: &[Question {
                id: "reduction",
                label: Text::new("Bạn có thuộc đối tượng được giảm 50% lệ phí không?", "Are you entitled to half the fee?"),
                hint: Some(Text::new(
                    "Cơ quan giải quyết sẽ đối chiếu khi xét hồ sơ",
                    "The agency checks this when it decides",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    ("none", Text::new("Không", "No")),
                    ("student", Text::new("Có, tôi là học sinh, sinh viên", "Yes, I am a pupil or student")),
                    ("merit", Text::new("Có, tôi là người có công với cách mạng hoặc thân nhân liệt sĩ", "Yes, I have meritorious service or am a martyr's relative")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "delivery",
            title: Text::new("Nhận phiếu", "Receiving the certificate"),
            questions: &[Question {
                id: "delivery",
                label: Text::new("Bạn muốn nhận phiếu như thế nào?", "How do you want to receive it?"),
                hint: None,
                kind: Kind::Choice(DELIVERY),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee,
    eligibility: Some(|context| {
        applicant_at_least(
            context,
            crate::age::OWN_EID_MIN_AGE,
            Text::new(
                "Phiếu lý lịch tư pháp cấp cho người từ đủ 14 tuổi.",
                "Judicial-record certificates are issued from the age of 14.",
            ),
        )
    }),
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
    use crate::text::Lang;
    use serde_json::json;

    #[test]
    fn the_fee_counts_the_reduction_and_extra_copies() {
        let context = Context::default();
        assert_eq!(
            fee(
                &answers(&[("reduction", "none"), ("copies", "2")]),
                &context
            ),
            Some(200_000)
        );
        assert_eq!(
            fee(
                &answers(&[("reduction", "student"), ("copies", "1")]),
                &context
            ),
            Some(100_000)
        );
        assert_eq!(
            fee(
                &answers(&[("reduction", "none"), ("copies", "5")]),
                &context
            ),
            Some(215_000)
        );
    }

    #[test]
    fn a_business_needs_the_bans_shown_and_only_certificate_1_asks_it() {
        let context = Context::default();
        let purpose = DEFINITION.step("purpose").unwrap().validate.unwrap();
        assert_eq!(
            purpose(
                &answers(&[
                    ("certificate", "1"),
                    ("bans", "no"),
                    ("purpose", "business")
                ]),
                &context
            )
            .len(),
            1
        );
        assert!(purpose(
            &answers(&[
                ("certificate", "1"),
                ("bans", "yes"),
                ("purpose", "business")
            ]),
            &context
        )
        .is_empty());
        let bans = DEFINITION.step("bans").unwrap();
        assert!(bans.is_asked(&answers(&[("certificate", "1")]), &context));
        assert!(!bans.is_asked(&answers(&[("certificate", "2")]), &context));
    }

    #[test]
    fn relatives_are_prefilled_from_the_registry() {
        let mut context = Context::default();
        let father = samples::relative(json!({ "full_name": "Trần Văn An" }));
        context.insert(
            RELATIVES.source.key,
            samples::relatives(json!({ "father": father })),
        );
        assert_eq!(
            (PREFILLED[4].value)(&context, Lang::Vi).as_deref(),
            Some("Trần Văn An")
        );
        assert_eq!((PREFILLED[5].value)(&context, Lang::Vi), None);
    }
}
