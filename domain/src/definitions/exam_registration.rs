//! Service 21: registering for the upper-secondary graduation exam and university admission.
//! Since 2025 every candidate sits mathematics and literature plus two elective subjects; a pupil
//! names their school and class, a foreign-language elective names the language, and the
//! candidate says where they sit the exam and, if they apply for admission, their first choice
//! (institution and programme codes). Candidates who already graduated sit it only for admission.

use super::common::{
    free, DECISION_DOCUMENT, DECLARATION, IDENTITY, PHONE, PROVINCES, SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Kind, Options, Prefilled, Question, Step,
};
use crate::text::Text;

type Refusals = Vec<(&'static str, Text)>;

const FOREIGN_LANGUAGE: &str = "foreign_language";

const ELECTIVES: Options = Options::Fixed(&[
    ("physics", Text::new("Vật lí", "Physics")),
    ("chemistry", Text::new("Hóa học", "Chemistry")),
    ("biology", Text::new("Sinh học", "Biology")),
    ("history", Text::new("Lịch sử", "History")),
    ("geography", Text::new("Địa lí", "Geography")),
    (
        "economics_law",
        Text::new("Giáo dục kinh tế và pháp luật", "Economics and law"),
    ),
    ("informatics", Text::new("Tin học", "Informatics")),
    ("technology", Text::new("Công nghệ", "Technology")),
    (FOREIGN_LANGUAGE, Text::new("Ngoại ngữ", "Foreign language")),
]);

fn elective_checks(answers: &Answers, _: &Context) -> Refusals {
    match (answers.get("elective_1"), answers.get("elective_2")) {
        (Some(first), Some(second)) if first == second => vec![(
            "elective_2",
            Text::new(
                "Hãy chọn hai môn khác nhau",
                "Choose two different subjects",
            ),
        )],
        _ => vec![],
    }
}

fn takes_a_language(answers: &Answers, _: &Context) -> bool {
    answers.is("elective_1", FOREIGN_LANGUAGE) || answers.is("elective_2", FOREIGN_LANGUAGE)
}

/// A graduate sits the exam only to be admitted somewhere, so they must apply for admission.
fn admission_checks(answers: &Answers, _: &Context) -> Refusals {
    if answers.is("candidate", "graduated") && answers.is("admission", "no") {
        vec![(
            "admission",
            Text::new(
                "Thí sinh đã tốt nghiệp dự thi để lấy kết quả xét tuyển; hãy chọn đăng ký xét tuyển",
                "Graduates sit the exam for admission; choose to apply for admission",
            ),
        )]
    } else {
        vec![]
    }
}

/// Institution codes are two to four letters or digits (`BKA`, `QHI`); programme codes are the
/// seven digits of the national list (`7480201`).
fn choice_checks(answers: &Answers, _: &Context) -> Refusals {
    let mut refusals = Vec::new();
    let institution = answers.get("institution").unwrap_or_default();
    if !(2..=4).contains(&institution.len())
        || !institution.bytes().all(|b| b.is_ascii_alphanumeric())
    {
        refusals.push((
            "institution",
            Text::new(
                "Mã trường gồm 2 đến 4 chữ cái hoặc chữ số, ví dụ BKA",
                "An institution code has 2 to 4 letters or digits, for example BKA",
            ),
        ));
    }
    let programme = answers.get("programme").unwrap_or_default();
    if programme.len() != 7 || !programme.bytes().all(|b| b.is_ascii_digit()) {
        refusals.push((
            "programme",
            Text::new(
                "Mã ngành gồm 7 chữ số, ví dụ 7480201",
                "A programme code has 7 digits, for example 7480201",
            ),
        ));
    }
    refusals
}

const PREFILLED: [Prefilled; 5] = [IDENTITY[0], IDENTITY[1], IDENTITY[2], IDENTITY[3], PHONE];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 21,
        slug: "exam-registration",
        procedure_code: None,
        name: Text::new(
            "Đăng ký dự thi tốt nghiệp THPT và xét tuyển đại học, cao đẳng",
            "Register for the school-leaving exam and university admission",
        ),
        summary: Text::new(
            "Đăng ký dự thi tốt nghiệp trung học phổ thông và nguyện vọng xét tuyển.",
            "Register for the upper-secondary graduation exam and your admission choices.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::Education,
        who_can_use: Text::new(
            "Học sinh lớp 12 và thí sinh tự do.",
            "Year 12 pupils and independent candidates.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new("Theo quy định của từng trường", "Set by each institution"),
        time_limit: Text::new("Theo lịch thi năm học", "According to the exam calendar"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "candidate",
            title: Text::new("Đối tượng dự thi", "Who you are registering as"),
            questions: &[Question {
                id: "candidate",
                label: Text::new("Bạn đăng ký dự thi với tư cách", "You are registering as"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "pupil",
                        Text::new(
                            "Học sinh lớp 12 năm học này",
                            "A year 12 pupil this school year",
                        ),
                    ),
                    (
                        "not_graduated",
                        Text::new(
                            "Thí sinh tự do chưa tốt nghiệp THPT",
                            "An independent candidate who has not graduated",
                        ),
                    ),
                    (
                        "graduated",
                        Text::new(
                            "Thí sinh đã tốt nghiệp THPT, dự thi để xét tuyển",
                            "A graduate sitting the exam for admission",
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
            id: "school",
            title: Text::new("Trường đang học", "Your school"),
            questions: &[
                Question {
                    id: "school",
                    label: Text::new("Tên trường THPT", "Name of your upper-secondary school"),
                    hint: None,
                    kind: Kind::Text { max_chars: 200 },
                    optional: false,
                },
                Question {
                    id: "class_name",
                    label: Text::new("Lớp", "Class"),
                    hint: Some(Text::new("Ví dụ 12A1", "For example 12A1")),
                    kind: Kind::Text { max_chars: 10 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("candidate", "pupil")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "subjects",
            title: Text::new("Môn thi tự chọn", "Elective subjects"),
            questions: &[
                Question {
                    id: "elective_1",
                    label: Text::new("Môn tự chọn thứ nhất", "First elective subject"),
                    hint: Some(Text::new(
                        "Ngoài hai môn bắt buộc Toán và Ngữ văn",
                        "Besides the compulsory mathematics and literature",
                    )),
                    kind: Kind::Choice(ELECTIVES),
                    optional: false,
                },
                Question {
                    id: "elective_2",
                    label: Text::new("Môn tự chọn thứ hai", "Second elective subject"),
                    hint: None,
                    kind: Kind::Choice(ELECTIVES),
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(elective_checks),
            checks: &[],
        },
        Step {
            id: "language",
            title: Text::new("Ngoại ngữ dự thi", "Exam language"),
            questions: &[Question {
                id: "language",
                label: Text::new("Ngoại ngữ", "Language"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("en", Text::new("Tiếng Anh", "English")),
                    ("fr", Text::new("Tiếng Pháp", "French")),
                    ("zh", Text::new("Tiếng Trung Quốc", "Chinese")),
                    ("ja", Text::new("Tiếng Nhật", "Japanese")),
                    ("ko", Text::new("Tiếng Hàn", "Korean")),
                    ("de", Text::new("Tiếng Đức", "German")),
                    ("ru", Text::new("Tiếng Nga", "Russian")),
                ])),
                optional: false,
            }],
            show_if: Some(takes_a_language),
            validate: None,
            checks: &[],
        },
        Step {
            id: "exam-province",
            title: Text::new("Nơi dự thi", "Where you sit the exam"),
            questions: &[Question {
                id: "exam_province",
                label: Text::new(
                    "Tỉnh, thành phố nơi dự thi",
                    "Province or city where you sit the exam",
                ),
                hint: Some(Text::new(
                    "Học sinh lớp 12 thi tại tỉnh nơi có trường đang học",
                    "Year 12 pupils sit it in the province of their school",
                )),
                kind: Kind::Choice(PROVINCES),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "admission",
            title: Text::new(
                "Xét tuyển đại học, cao đẳng",
                "University and college admission",
            ),
            questions: &[Question {
                id: "admission",
                label: Text::new(
                    "Bạn có dùng kết quả thi để xét tuyển không?",
                    "Will you use the results to apply for admission?",
                ),
                hint: Some(Text::new(
                    "Có thể thêm, sửa nguyện vọng trong thời gian đăng ký nguyện vọng",
                    "You can add or change choices during the choice period",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "yes",
                        Text::new("Có, đăng ký xét tuyển", "Yes, apply for admission"),
                    ),
                    (
                        "no",
                        Text::new(
                            "Không, chỉ xét công nhận tốt nghiệp",
                            "No, only for graduation",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(admission_checks),
            checks: &[],
        },
        Step {
            id: "first-choice",
            title: Text::new("Nguyện vọng 1", "First choice"),
            questions: &[
                Question {
                    id: "institution",
                    label: Text::new("Mã trường", "Institution code"),
                    hint: Some(Text::new("Ví dụ BKA", "For example BKA")),
                    kind: Kind::Text { max_chars: 4 },
                    optional: false,
                },
                Question {
                    id: "programme",
                    label: Text::new("Mã ngành", "Programme code"),
                    hint: Some(Text::new(
                        "7 chữ số, ví dụ 7480201",
                        "7 digits, for example 7480201",
                    )),
                    kind: Kind::Text { max_chars: 7 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("admission", "yes")),
            validate: Some(choice_checks),
            checks: &[],
        },
    ],
    // Registering is free; each institution's admission fee is paid when choices are confirmed.
    fee: free,
    eligibility: None,
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: DECISION_DOCUMENT,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;

    #[test]
    fn pupils_name_their_school_and_a_language_elective_its_language() {
        let context = Context::default();
        let pupil = answers(&[
            ("candidate", "pupil"),
            ("elective_1", "physics"),
            ("elective_2", FOREIGN_LANGUAGE),
        ]);
        let asked: Vec<_> = DEFINITION
            .asked_steps(&pupil, &context)
            .iter()
            .map(|step| step.id)
            .collect();
        assert_eq!(
            asked,
            [
                "candidate",
                "school",
                "subjects",
                "language",
                "exam-province",
                "admission"
            ]
        );
        let graduate = answers(&[
            ("candidate", "graduated"),
            ("elective_1", "physics"),
            ("elective_2", "chemistry"),
        ]);
        assert!(!DEFINITION
            .step("school")
            .unwrap()
            .is_asked(&graduate, &context));
        assert!(!DEFINITION
            .step("language")
            .unwrap()
            .is_asked(&graduate, &context));
    }

    #[test]
    fn electives_differ_graduates_apply_and_codes_have_their_shape() {
        let context = Context::default();
        assert_eq!(
            elective_checks(
                &answers(&[("elective_1", "history"), ("elective_2", "history")]),
                &context
            )
            .len(),
            1
        );
        assert_eq!(
            admission_checks(
                &answers(&[("candidate", "graduated"), ("admission", "no")]),
                &context
            )
            .len(),
            1
        );
        assert!(admission_checks(
            &answers(&[("candidate", "pupil"), ("admission", "no")]),
            &context
        )
        .is_empty());
        assert!(choice_checks(
            &answers(&[("institution", "BKA"), ("programme", "7480201")]),
            &context
        )
        .is_empty());
        let wrong = choice_checks(
            &answers(&[("institution", "B-K"), ("programme", "74802")]),
            &context,
        );
        assert_eq!(
            wrong.iter().map(|(field, _)| *field).collect::<Vec<_>>(),
            ["institution", "programme"]
        );
    }
}
