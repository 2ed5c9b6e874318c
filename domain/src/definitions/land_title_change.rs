//! Service 19: updating the holder's details on a land-use certificate. The new details (name,
//! personal ID number, permanent address) come from the population database and are shown, not
//! asked; the holder identifies the certificate and the parcel, says which detail changed and
//! what the certificate shows today (checked against the registry where it can be), and chooses a
//! note on the certificate or a new one.

use super::common::{
    adult_applicant, decision_number, display_vnd, DECLARATION, IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::text::Text;

/// Each province sets its own fees; these are the portal's defaults until a province's table
/// replaces them.
const NOTE_FEE_VND: u64 = 30_000;
const NEW_CERTIFICATE_FEE_VND: u64 = 100_000;

type Refusals = Vec<(&'static str, Text)>;

/// A certificate's serial number: two letters, then six to eight digits (`BX 123456`).
fn is_serial(value: &str) -> bool {
    let compact: Vec<char> = value.chars().filter(|c| !c.is_whitespace()).collect();
    (8..=10).contains(&compact.len())
        && compact[..2].iter().all(char::is_ascii_alphabetic)
        && compact[2..].iter().all(char::is_ascii_digit)
}

fn certificate_checks(answers: &Answers, _: &Context) -> Refusals {
    match answers.get("serial") {
        Some(serial) if !is_serial(serial) => vec![(
            "serial",
            Text::new(
                "Số phát hành gồm 2 chữ cái và 6 đến 8 chữ số, ví dụ BX 123456",
                "The serial number has 2 letters and 6 to 8 digits, for example BX 123456",
            ),
        )],
        _ => vec![],
    }
}

/// The old number must be a real earlier number of this person: not the current one, and the old
/// ID-card number the registry holds when it holds one.
fn old_id_checks(answers: &Answers, context: &Context) -> Refusals {
    let Some(old) = answers.get("old_id") else {
        return vec![];
    };
    let digits: String = old.chars().filter(|c| !c.is_whitespace()).collect();
    let person = PERSON.read(context);
    let refusal = if !(digits.len() == 9 || digits.len() == 12)
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        Some(Text::new(
            "Số chứng minh nhân dân gồm 9 hoặc 12 chữ số",
            "An ID-card number has 9 or 12 digits",
        ))
    } else if person
        .as_ref()
        .is_some_and(|person| person.personal_id == digits)
    {
        Some(Text::new(
            "Đây là số định danh hiện tại của bạn; hãy nhập số ghi trên giấy chứng nhận",
            "This is your current ID number; enter the number printed on the certificate",
        ))
    } else if digits.len() == 9
        && person
            .and_then(|person| person.old_id_number)
            .is_some_and(|known| known != digits)
    {
        Some(Text::new(
            "Số này không khớp với số chứng minh nhân dân cũ của bạn trong cơ sở dữ liệu dân cư",
            "This does not match your old ID-card number in the population database",
        ))
    } else {
        None
    };
    refusal
        .map(|text| vec![("old_id", text)])
        .unwrap_or_default()
}

fn old_name_checks(answers: &Answers, context: &Context) -> Refusals {
    let same = answers
        .get("old_name")
        .zip(PERSON.read(context).map(|person| person.full_name))
        .is_some_and(|(old, current)| old.to_lowercase() == current.to_lowercase());
    if same {
        vec![(
            "old_name",
            Text::new(
                "Tên này giống tên hiện tại của bạn; hãy nhập tên đang ghi trên giấy chứng nhận",
                "This is your current name; enter the name printed on the certificate",
            ),
        )]
    } else {
        vec![]
    }
}

fn fee(answers: &Answers, _: &Context) -> Option<u64> {
    Some(if answers.is("form", "new_certificate") {
        NEW_CERTIFICATE_FEE_VND
    } else {
        NOTE_FEE_VND
    })
}

const PREFILLED: [Prefilled; 5] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Lệ phí", "Fee"),
        value: |_, lang| {
            Some(format!(
                "{} {} {} {}",
                display_vnd(NOTE_FEE_VND),
                Text::new(
                    "khi xác nhận trên giấy chứng nhận đã cấp,",
                    "for a note on the certificate,"
                )
                .get(lang),
                display_vnd(NEW_CERTIFICATE_FEE_VND),
                Text::new("khi cấp giấy chứng nhận mới", "for a new certificate").get(lang),
            ))
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 19,
        slug: "land-title-change",
        procedure_code: None,
        name: Text::new(
            "Đăng ký biến động quyền sử dụng đất (thay đổi thông tin người được cấp giấy chứng nhận)",
            "Update the holder's details on a land title",
        ),
        summary: Text::new(
            "Cập nhật họ tên, số định danh hoặc địa chỉ của người đứng tên trên giấy chứng nhận quyền sử dụng đất.",
            "Update the name, personal ID or address of the holder shown on a land-use certificate.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::LandOffice,
        who_can_use: Text::new(
            "Người đứng tên trên giấy chứng nhận.",
            "The holder named on the certificate.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số phát hành của giấy chứng nhận", "The certificate's serial number"),
        ],
        fee: Text::new("Theo mức của tỉnh, thành phố", "Set by each province"),
        time_limit: Text::new("10 ngày làm việc", "10 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "certificate",
            title: Text::new(
                "Giấy chứng nhận và thửa đất",
                "The certificate and the parcel",
            ),
            questions: &[
                Question {
                    id: "serial",
                    label: Text::new("Số phát hành giấy chứng nhận", "Certificate serial number"),
                    hint: Some(Text::new(
                        "In ở trang 1, dưới quốc huy, ví dụ BX 123456",
                        "Printed on page 1 under the national emblem, for example BX 123456",
                    )),
                    kind: Kind::Text { max_chars: 14 },
                    optional: false,
                },
                Question {
                    id: "map_sheet",
                    label: Text::new("Tờ bản đồ số", "Map sheet number"),
                    hint: None,
                    kind: Kind::Number { min: 1, max: 9_999 },
                    optional: false,
                },
                Question {
                    id: "parcel",
                    label: Text::new("Thửa đất số", "Parcel number"),
                    hint: None,
                    kind: Kind::Number {
                        min: 1,
                        max: 99_999,
                    },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(certificate_checks),
            checks: &[],
        },
        Step {
            id: "change",
            title: Text::new("Thông tin đã thay đổi", "What has changed"),
            questions: &[Question {
                id: "change",
                label: Text::new(
                    "Thông tin nào trên giấy chứng nhận cần cập nhật?",
                    "Which detail on the certificate is out of date?",
                ),
                hint: Some(Text::new(
                    "Thông tin mới lấy từ cơ sở dữ liệu dân cư, như hiện ở trên",
                    "The new details come from the population database, as shown above",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "id_number",
                        Text::new(
                            "Số giấy tờ tùy thân (chứng minh nhân dân cũ)",
                            "The identity document number (old ID card)",
                        ),
                    ),
                    ("name", Text::new("Họ và tên", "Full name")),
                    (
                        "address",
                        Text::new("Địa chỉ thường trú", "Permanent address"),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "old-id",
            title: Text::new(
                "Số giấy tờ ghi trên giấy chứng nhận",
                "The number on the certificate",
            ),
            questions: &[Question {
                id: "old_id",
                label: Text::new(
                    "Số chứng minh nhân dân ghi trên giấy chứng nhận",
                    "ID-card number printed on the certificate",
                ),
                hint: Some(Text::new("9 hoặc 12 chữ số", "9 or 12 digits")),
                kind: Kind::Text { max_chars: 15 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("change", "id_number")),
            validate: Some(old_id_checks),
            checks: &[],
        },
        Step {
            id: "old-name",
            title: Text::new(
                "Tên ghi trên giấy chứng nhận",
                "The name on the certificate",
            ),
            questions: &[Question {
                id: "old_name",
                label: Text::new(
                    "Họ và tên ghi trên giấy chứng nhận",
                    "Full name printed on the certificate",
                ),
                hint: None,
                kind: Kind::PersonName { max_chars: 100 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("change", "name")),
            validate: Some(old_name_checks),
            checks: &[],
        },
        Step {
            id: "old-address",
            title: Text::new(
                "Địa chỉ ghi trên giấy chứng nhận",
                "The address on the certificate",
            ),
            questions: &[Question {
                id: "old_address",
                label: Text::new(
                    "Địa chỉ ghi trên giấy chứng nhận",
                    "Address printed on the certificate",
                ),
                hint: None,
                kind: Kind::Text { max_chars: 300 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("change", "address")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "form",
            title: Text::new("Hình thức cập nhật", "How the certificate is updated"),
            questions: &[Question {
                id: "form",
                label: Text::new(
                    "Bạn muốn cập nhật như thế nào?",
                    "How do you want it updated?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "note",
                        Text::new(
                            "Xác nhận thay đổi trên giấy chứng nhận đã cấp",
                            "A note of the change on the current certificate",
                        ),
                    ),
                    (
                        "new_certificate",
                        Text::new("Cấp giấy chứng nhận mới", "A new certificate"),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "original",
            title: Text::new(
                "Nộp bản gốc giấy chứng nhận",
                "Handing in the original certificate",
            ),
            questions: &[Question {
                id: "original",
                label: Text::new(
                    "Bạn nộp bản gốc giấy chứng nhận bằng cách nào?",
                    "How will you hand in the original certificate?",
                ),
                hint: Some(Text::new(
                    "Văn phòng đăng ký đất đai cần bản gốc để ghi thay đổi",
                    "The land registration office needs the original to record the change",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "post",
                        Text::new(
                            "Gửi qua bưu điện (bưu điện đến nhận tại nhà)",
                            "By post (collected from your home)",
                        ),
                    ),
                    (
                        "office",
                        Text::new(
                            "Nộp tại văn phòng đăng ký đất đai",
                            "At the land registration office",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee,
    eligibility: Some(adult_applicant),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Object(|answers, _| {
        answers
            .get("serial")
            .map(|typed| format!("land-certificate:{}", super::common::compact_upper(typed)))
    }),
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let (name, id) = PERSON
                .read(submitted.context)
                .map(|person| (person.full_name, person.personal_id))
                .unwrap_or_default();
            let details = [name, id].join(", ");
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new("Giấy chứng nhận đã cập nhật", "Certificate updated"),
                    value: submitted
                        .answers
                        .get("serial")
                        .unwrap_or_default()
                        .to_uppercase(),
                },
                OutcomeLine {
                    label: Text::new("Người sử dụng đất", "Land user"),
                    value: details,
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::records::samples;
    use serde_json::json;

    fn context() -> Context {
        let mut context = Context::default();
        context.insert(
            PERSON.source.key,
            samples::person(
                json!({ "personal_id": "001085012345", "full_name": "Trần Thị Mai", "old_id_number": "012345678" }),
            ),
        );
        context
    }

    #[test]
    fn serial_numbers_have_two_letters_and_six_to_eight_digits() {
        assert!(is_serial("BX 123456"));
        assert!(is_serial("cs01234567"));
        assert!(!is_serial("123456"));
        assert!(!is_serial("BX 12345"));
        assert_eq!(
            certificate_checks(&answers(&[("serial", "12-345")]), &context())[0].0,
            "serial"
        );
    }

    #[test]
    fn the_old_number_is_checked_against_the_registry() {
        let context = context();
        assert!(old_id_checks(&answers(&[("old_id", "012 345 678")]), &context).is_empty());
        let other = old_id_checks(&answers(&[("old_id", "987654321")]), &context);
        assert!(other[0].1.en.contains("does not match"));
        let current = old_id_checks(&answers(&[("old_id", "001085012345")]), &context);
        assert!(current[0].1.en.contains("current"));
        assert!(old_id_checks(&answers(&[("old_id", "12ab")]), &context)[0]
            .1
            .en
            .contains("9 or 12"));
        assert_eq!(
            old_name_checks(&answers(&[("old_name", "trần thị mai")]), &context).len(),
            1
        );
    }

    #[test]
    fn only_the_detail_that_changed_is_asked_and_a_new_certificate_costs_more() {
        let name = answers(&[("change", "name"), ("form", "new_certificate")]);
        let asked: Vec<_> = DEFINITION
            .asked_steps(&name, &context())
            .iter()
            .map(|step| step.id)
            .collect();
        assert_eq!(
            asked,
            ["certificate", "change", "old-name", "form", "original"]
        );
        assert_eq!(fee(&name, &context()), Some(NEW_CERTIFICATE_FEE_VND));
        assert_eq!(
            fee(&answers(&[("form", "note")]), &context()),
            Some(NOTE_FEE_VND)
        );
    }
}
