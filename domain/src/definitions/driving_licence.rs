//! Service 20: exchanging or replacing a driving licence — the first headline journey. The driver
//! picks one of their licences from the registry (or types an older one, checked as theirs), the
//! case is decided from the data where it can be (expiring or expired → exchange; reported lost →
//! re-issue), the hospital's signed health check is verified by the portal and must cover the
//! licence's classes, and the driver chooses only the portrait and the delivery.

mod health_checks;
mod licences;

use super::common::{display_vnd, permanent_address, DECLARATION, IDENTITY, SIGN_IN_LEVEL_2};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::documents::{DocumentRules, FileType};
use crate::engine::{
    Answers, Choice, CodeRules, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine,
    Prefilled, Question, RegistryCheck, RegistryWrite, Step,
};
use crate::licence::{is_valid_licence_number, normalise_licence_number, required_health_group};
use crate::text::{Lang, Text};
use serde::Deserialize;
use serde_json::json;

use health_checks::HEALTH_CHECKS;
use licences::{
    case_from_data, chosen, class_labels, licence_choices, Licence, LICENCES, OTHER_LICENCE,
};

/// A driving-licence number as typed: 12 digits, the first two the issuing province's code.
pub const LICENCE_NUMBER: CodeRules = CodeRules {
    normalise: normalise_licence_number,
    is_valid: is_valid_licence_number,
    refusal: Text::new(
        "Số giấy phép lái xe gồm 12 chữ số, hai số đầu là mã tỉnh cấp",
        "A driving-licence number has 12 digits, starting with the issuing province's code",
    ),
    input_chars: 15,
    numeric: true,
};

const FEE_VND: u64 = 135_000;

/// A licence photo: a JPG or PNG of at most 5 MB, at least 400 × 600 pixels (3x4 at print size).
const PHOTO: DocumentRules = DocumentRules {
    accept: &[FileType::Jpeg, FileType::Png],
    max_bytes: 5 * 1024 * 1024,
    min_pixels: Some((400, 600)),
};
const POSTAGE_VND: u64 = 30_000;
fn reason(answers: &Answers, context: &Context) -> String {
    case_from_data(answers, context)
        .or_else(|| answers.get("reason"))
        .unwrap_or("expiring")
        .to_string()
}

/// The licence's classes, chosen or typed: a typed licence's classes are unknown to the draft,
/// so the strictest health check is asked of it.
fn needed_group(answers: &Answers, context: &Context) -> Option<crate::licence::HealthGroup> {
    match chosen(answers, context) {
        Some(licence) => required_health_group(&licence.classes()),
        None => Some(crate::licence::HealthGroup::Car),
    }
}

/// Whether the driver's latest verified health check covers the licence's classes; classes that
/// need none are ready as they are.
fn health_check_ready(answers: &Answers, context: &Context) -> Result<(), Text> {
    match needed_group(answers, context) {
        Some(group) => health_checks::ready(group, context),
        None => Ok(()),
    }
}

const PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Kết quả khám sức khỏe", "Health check"),
        value: health_checks::latest_shown,
    },
    Prefilled {
        label: Text::new("Lệ phí", "Fee"),
        value: |_, lang| {
            Some(format!(
                "{} {}",
                display_vnd(FEE_VND),
                Text::new(
                    "(cộng phí bưu điện nếu nhận qua bưu điện)",
                    "(plus postage if sent by post)"
                )
                .get(lang)
            ))
        },
    },
];

/// The refusal of a licence number that is not the applicant's: the same whether it belongs to
/// someone else or to nobody, so that it tells nothing about other people's licences.
pub const LICENCE_NOT_YOURS: Text = Text::new(
    "Không tìm thấy giấy phép lái xe này mang tên bạn. Hãy kiểm tra lại số giấy phép.",
    "We could not find this licence in your name. Check the licence number.",
);

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 20,
        slug: "driving-licence",
        procedure_code: None,
        name: Text::new("Cấp đổi, cấp lại giấy phép lái xe", "Exchange or replace a driving licence"),
        summary: Text::new(
            "Đổi giấy phép lái xe sắp hết hạn, hỏng hoặc sai thông tin; cấp lại khi bị mất. Kết quả khám sức khỏe do bệnh viện gửi.",
            "Exchange an expiring, damaged or outdated licence, or replace a lost one. Hospitals send your health check.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Người có giấy phép lái xe do Việt Nam cấp.",
            "Holders of a driving licence issued in Vietnam.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Kết quả khám sức khỏe người lái xe còn hạn (trừ hạng A1, A, B1)",
                "A valid driver's health check (except for classes A1, A and B1)",
            ),
            Text::new("Ảnh chân dung, hoặc dùng ảnh trong hồ sơ căn cước", "A portrait photo, or the one on your ID record"),
        ],
        fee: Text::new("135.000 đồng", "VND 135,000"),
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, LICENCES.source, HEALTH_CHECKS.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "licence",
            title: Text::new(
                "Giấy phép lái xe cần đổi hoặc cấp lại",
                "The licence to exchange or replace",
            ),
            questions: &[Question {
                id: "licence",
                label: Text::new("Chọn giấy phép lái xe", "Choose the licence"),
                hint: Some(Text::new(
                    "Các giấy phép mang tên bạn trong cơ sở dữ liệu giấy phép lái xe",
                    "The licences in your name in the driving-licence database",
                )),
                kind: Kind::Choice(Options::FromContext(licence_choices)),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "licence-number",
            title: Text::new("Số giấy phép lái xe", "Licence number"),
            questions: &[Question {
                id: "licence_number",
                label: Text::new("Số giấy phép lái xe", "Licence number"),
                hint: Some(Text::new(
                    "12 chữ số in trên thẻ",
                    "The 12 digits printed on the card",
                )),
                kind: Kind::Code(LICENCE_NUMBER),
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("licence", OTHER_LICENCE)),
            validate: None,
            checks: &[RegistryCheck::OwnRecord {
                id: "licence_number",
                endpoint: "/v1/licences/get",
                by: "licence_number",
                holder: "holder_id",
                refusal: LICENCE_NOT_YOURS,
            }],
        },
        Step {
            id: "reason",
            title: Text::new("Lý do đổi hoặc cấp lại", "Why you need a new licence"),
            questions: &[Question {
                id: "reason",
                label: Text::new("Lý do", "Reason"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "damaged",
                        Text::new("Giấy phép bị hỏng", "The licence is damaged"),
                    ),
                    (
                        "changed_details",
                        Text::new(
                            "Thông tin cá nhân đã thay đổi",
                            "My personal details have changed",
                        ),
                    ),
                    (
                        "lost",
                        Text::new("Giấy phép bị mất", "The licence was lost"),
                    ),
                    (
                        "expiring",
                        Text::new(
                            "Giấy phép sắp hết hạn hoặc đã hết hạn",
                            "The licence expires soon or has expired",
                        ),
                    ),
                ])),
                optional: false,
            }],
            show_if: Some(|answers, context| case_from_data(answers, context).is_none()),
            validate: None,
            checks: &[],
        },
        Step {
            id: "portrait",
            title: Text::new("Ảnh chân dung", "Portrait"),
            questions: &[Question {
                id: "portrait",
                label: Text::new("Ảnh in trên giấy phép", "The photo on the licence"),
                hint: Some(Text::new(
                    "Ảnh trong hồ sơ căn cước đã đạt chuẩn 3x4, nền trắng",
                    "The photo on your ID record already meets the 3x4, white-background standard",
                )),
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "id_record",
                        Text::new(
                            "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)",
                            "Use the photo on my ID record (I consent)",
                        ),
                    ),
                    (
                        "at_office",
                        Text::new(
                            "Chụp ảnh khi nhận tại cơ quan",
                            "Take a photo when I collect it",
                        ),
                    ),
                    (
                        "upload",
                        Text::new("Tải lên ảnh của tôi", "Upload my own photo"),
                    ),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, _| {
                if answers.is("portrait", "at_office")
                    && answers.get("delivery").is_some_and(|d| d != "office")
                {
                    vec![("portrait", Text::new("Để chụp ảnh tại cơ quan, hãy chọn nhận giấy phép tại cơ quan", "To have the photo taken at the office, choose to collect the licence there"))]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
        Step {
            id: "photo",
            title: Text::new("Ảnh chân dung của bạn", "Your photo"),
            questions: &[Question {
                id: "photo",
                label: Text::new("Ảnh chân dung", "Portrait photo"),
                hint: Some(Text::new(
                    "Ảnh chụp thẳng, rõ mặt, nền trắng, tỉ lệ 3x4",
                    "Facing the camera, face clearly visible, white background, 3x4 ratio",
                )),
                kind: Kind::Document(PHOTO),
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("portrait", "upload")),
            validate: None,
            checks: &[],
        },
        Step {
            id: "delivery",
            title: Text::new("Nhận giấy phép mới", "Receiving the new licence"),
            questions: &[Question {
                id: "delivery",
                label: Text::new(
                    "Bạn muốn nhận giấy phép như thế nào?",
                    "How do you want to receive it?",
                ),
                hint: None,
                kind: Kind::Choice(Options::FromContext(delivery_choices)),
                optional: false,
            }],
            show_if: None,
            validate: Some(|answers, _| {
                if answers.is("portrait", "at_office") && !answers.is("delivery", "office") {
                    vec![(
                        "delivery",
                        Text::new(
                            "Bạn đã chọn chụp ảnh tại cơ quan, nên cần nhận tại cơ quan",
                            "You chose to have your photo taken at the office, so collect it there",
                        ),
                    )]
                } else {
                    vec![]
                }
            }),
            checks: &[],
        },
    ],
    fee: |answers, _| {
        Some(
            FEE_VND
                + if answers.is("delivery", "post") {
                    POSTAGE_VND
                } else {
                    0
                },
        )
    },
    eligibility: Some(|context| {
        if PERSON.read(context).is_none() {
            Err(Text::new(
                "Không tìm thấy thông tin của bạn trong cơ sở dữ liệu dân cư.",
                "Your record was not found in the population database.",
            ))
        } else {
            Ok(())
        }
    }),
    ready: Some(health_check_ready),
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| {
            let number = submitted
                .answers
                .get("licence_number")
                .or_else(|| submitted.answers.get("licence"))
                .unwrap_or_default();
            vec![RegistryWrite {
                path: "/v1/licences/renew",
                note: Text::new("Đã cấp giấy phép lái xe mới", "New driving licence issued"),
                key: "licence",
                body: json!({
                    "licence_number": number,
                    "personal_id": submitted.subject_id,
                    "reason": reason(submitted.answers, submitted.context),
                }),
            }]
        },
        outcome: |_, responses| {
            // The new licence, as the registry issued it.
            let licence = responses
                .first()
                .and_then(|response| Licence::deserialize(&response["licence"]).ok());
            vec![
                OutcomeLine {
                    label: Text::new("Số giấy phép mới", "New licence number"),
                    value: licence
                        .as_ref()
                        .map(|licence| licence.licence_number.clone())
                        .unwrap_or_default(),
                },
                OutcomeLine {
                    label: Text::new("Hạng", "Classes"),
                    value: licence.as_ref().map(class_labels).unwrap_or_default(),
                },
                OutcomeLine {
                    label: Text::new("Có giá trị đến", "Valid until"),
                    value: licence
                        .and_then(|licence| licence.expires_on)
                        .unwrap_or_else(|| "—".to_string()),
                },
            ]
        },
    },
};

fn delivery_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    let home = permanent_address(context).unwrap_or_default();
    vec![
        Choice::new(
            "post",
            format!(
                "{} {home} ({} {})",
                Text::new(
                    "Gửi qua bưu điện đến nơi thường trú:",
                    "By post to your permanent address:"
                )
                .get(lang),
                Text::new("phí", "postage").get(lang),
                display_vnd(POSTAGE_VND)
            ),
        ),
        Choice::new(
            "office",
            Text::new(
                "Nhận tại cơ quan cấp giấy phép",
                "Collect it at the issuing office",
            )
            .get(lang),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn context(licence_validity: &str, status: &str, check: Option<Value>) -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-11-27"));
        context.insert(
            LICENCES.source.key,
            json!([{ "licence_number": "790000000001", "status": status, "validity": licence_validity,
                     "expires_on": "2027-01-10", "classes": [{ "code": "OldB2" }] }]),
        );
        context.insert(
            HEALTH_CHECKS.source.key,
            json!(check.into_iter().collect::<Vec<_>>()),
        );
        context
    }

    fn answers(licence: &str) -> Answers {
        let mut answers = Answers::default();
        answers.set("licence", licence.to_string());
        answers
    }

    fn check(result: &str, valid_until: &str, group: &str, signed: bool) -> Value {
        json!({ "result": result, "valid_until": valid_until, "class_group": group, "signature_valid": signed,
                "examined_on": "2026-10-01", "facility_name": "BV" })
    }

    #[test]
    fn the_data_decides_the_case_when_it_can() {
        let expiring = context("expiring_soon", "active", None);
        assert_eq!(
            case_from_data(&answers("790000000001"), &expiring),
            Some("expiring")
        );
        let lost = context("valid", "lost", None);
        assert_eq!(
            case_from_data(&answers("790000000001"), &lost),
            Some("lost")
        );
        let valid = context("valid", "active", None);
        assert_eq!(case_from_data(&answers("790000000001"), &valid), None);
        assert!(DEFINITION
            .step("reason")
            .unwrap()
            .is_asked(&answers("790000000001"), &valid));
    }

    #[test]
    fn a_car_licence_needs_a_fit_verified_unexpired_car_check() {
        let a = answers("790000000001");
        assert!(health_check_ready(&a, &context("expiring_soon", "active", None)).is_err());
        let fit = context(
            "expiring_soon",
            "active",
            Some(check("fit", "2027-10-01", "car", true)),
        );
        assert!(health_check_ready(&a, &fit).is_ok());
        let unfit = context(
            "expiring_soon",
            "active",
            Some(check("unfit", "2027-10-01", "car", true)),
        );
        assert!(health_check_ready(&a, &unfit)
            .unwrap_err()
            .en
            .contains("not fit"));
        let expired = context(
            "expiring_soon",
            "active",
            Some(check("fit", "2026-01-01", "car", true)),
        );
        assert!(health_check_ready(&a, &expired)
            .unwrap_err()
            .en
            .contains("expired"));
        let forged = context(
            "expiring_soon",
            "active",
            Some(check("fit", "2027-10-01", "car", false)),
        );
        assert!(health_check_ready(&a, &forged)
            .unwrap_err()
            .en
            .contains("signature"));
    }
}
