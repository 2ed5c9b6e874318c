//! Service 8: paying a camera-detected traffic fine. The fines recorded against the citizen's
//! vehicles come from the registry; the citizen picks an unpaid one, pays exactly its amount
//! through the payment gateway, and the decision marks it paid.

use super::common::{
    display_date, display_vnd, vehicles_in_name, IDENTITY, RECEIPT_STEP, SIGN_IN_LEVEL_2,
};
use super::sources::{PERSON, VEHICLES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Records, RegistryWrite, Source, Step,
};
use crate::text::{Lang, Text};
use serde::Deserialize;
use serde_json::{json, Value};

/// A camera-detected fine as the registry holds it. A fine without its identity, its amount or
/// whether it is paid cannot be offered; the texts only describe it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Fine {
    fine_id: String,
    #[serde(default)]
    plate: String,
    #[serde(default)]
    offence: String,
    amount_vnd: u64,
    /// When the camera saw the offence, as a date and time.
    #[serde(default)]
    detected_at: String,
    #[serde(default)]
    place: String,
    paid: bool,
}

impl Fine {
    fn label(&self, lang: Lang) -> String {
        let detected = &self.detected_at;
        format!(
            "{} — {} — {} {} — {} {} — {}",
            self.plate,
            self.offence,
            Text::new("lúc", "on").get(lang),
            display_date(detected.get(..10).unwrap_or(detected), lang),
            Text::new("tại", "at").get(lang),
            self.place,
            display_vnd(self.amount_vnd),
        )
    }
}

/// The camera-detected fines recorded against the applicant's vehicles.
const FINES: Records<Fine> = Records::new(Source::new("fines", "/v1/fines/list"));

fn unpaid(context: &Context) -> impl Iterator<Item = Fine> {
    FINES
        .read(context)
        .into_iter()
        // A fine of no amount cannot be paid here: offering it would show 0 đ and submit without
        // payment.
        .filter(|fine| !fine.paid && fine.amount_vnd > 0)
}

/// The unpaid fine the citizen chose, as the registry holds it.
fn chosen(answers: &Answers, context: &Context) -> Option<Fine> {
    let id = answers.get("fine")?;
    unpaid(context).find(|fine| fine.fine_id == id)
}

fn fine_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    unpaid(context)
        .map(|fine| Choice::new(&fine.fine_id, fine.label(lang)))
        .collect()
}

const PREFILLED: [Prefilled; 3] = [
    IDENTITY[0],
    IDENTITY[1],
    Prefilled {
        label: Text::new("Xe đứng tên bạn", "Vehicles in your name"),
        value: |context, _| {
            let plates = vehicles_in_name(context);
            (!plates.is_empty()).then(|| plates.join(", "))
        },
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 8,
        slug: "traffic-fines",
        procedure_code: None,
        name: Text::new(
            "Nộp phạt vi phạm hành chính giao thông (phạt nguội)",
            "Pay a camera-detected traffic fine",
        ),
        summary: Text::new(
            "Xem các khoản phạt do camera ghi nhận với xe của bạn và nộp phạt trực tuyến.",
            "See fines recorded by cameras for your vehicles and pay them online.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Chủ phương tiện hoặc người vi phạm có tài khoản mức độ 2.",
            "Vehicle owners or offenders with a level 2 account.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new("Số tiền phạt ghi trong quyết định", "The amount set in the penalty decision"),
        time_limit: Text::new("Xác nhận ngay khi thanh toán", "Confirmed as soon as you pay"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, VEHICLES.source, FINES.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "fine",
            title: Text::new("Khoản phạt cần nộp", "The fine to pay"),
            questions: &[Question {
                id: "fine",
                label: Text::new("Chọn khoản phạt", "Choose the fine"),
                hint: Some(Text::new(
                    "Các vi phạm do camera ghi nhận với xe đứng tên bạn mà chưa nộp phạt",
                    "Offences recorded by cameras for vehicles in your name that are not paid yet",
                )),
                kind: Kind::Choice(Options::FromContext(fine_choices)),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        RECEIPT_STEP,
    ],
    // The amount set in the penalty decision, nothing more.
    fee: |answers, context| chosen(answers, context).map(|fine| fine.amount_vnd),
    eligibility: Some(|context| {
        if unpaid(context).next().is_some() {
            Ok(())
        } else {
            Err(Text::new(
                "Không có khoản phạt nguội nào chưa nộp đối với các xe đứng tên bạn. Nếu bạn nhận được thông báo phạt cho xe đứng tên người khác, chủ xe có thể nộp tại đây.",
                "There is no unpaid camera fine for the vehicles in your name. If you received a notice for a vehicle in someone else's name, its owner can pay it here.",
            ))
        }
    }),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Object(|answers, _| answers.get("fine").map(|fine| format!("fine:{fine}"))),
    trigger: None,
    declaration: Text::new(
        "Tôi xác nhận nộp số tiền phạt ghi trong quyết định xử phạt đối với vi phạm đã chọn.",
        "I confirm that I am paying the amount set in the penalty decision for the offence I chose.",
    ),
    effects: Effects {
        writes: |submitted| {
            vec![RegistryWrite {
                path: "/v1/fines/pay",
                note: Text::new("Đã ghi nhận nộp phạt", "Fine payment recorded"),
                key: "fine",
                body: json!({
                    "fine_id": submitted.answers.get("fine").unwrap_or_default(),
                    "payment_reference": submitted.reference,
                }),
            }]
        },
        outcome: |_, responses| {
            let fine = responses.first().unwrap_or(&Value::Null);
            let text = |key: &str| fine[key].as_str().unwrap_or_default();
            vec![
                OutcomeLine {
                    label: Text::new("Khoản phạt đã nộp", "Fine paid"),
                    value: format!("{} — {} — {}", text("fine_id"), text("plate"), text("offence")),
                },
                OutcomeLine {
                    label: Text::new("Số tiền", "Amount"),
                    value: display_vnd(fine["amount_vnd"].as_u64().unwrap_or_default()),
                },
                OutcomeLine {
                    label: Text::new("Ngày nộp", "Paid on"),
                    value: text("paid_on").to_string(),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn context(fines: Value) -> Context {
        let mut context = Context::default();
        context.insert(FINES.source.key, fines);
        context
    }

    fn fines() -> Value {
        json!([
            { "fine_id": "PN-1", "plate": "29A-123.45", "offence": "Vượt đèn đỏ", "amount_vnd": 4_000_000,
              "detected_at": "2026-10-01T08:00:00", "place": "Ngã tư Sở", "paid": false },
            { "fine_id": "PN-2", "plate": "29A-123.45", "offence": "Quá tốc độ", "amount_vnd": 800_000,
              "detected_at": "2026-05-01T08:00:00", "place": "Đại lộ Thăng Long", "paid": true },
        ])
    }

    #[test]
    fn only_unpaid_fines_are_offered_and_the_fee_is_the_fine() {
        let context = context(fines());
        let choices = fine_choices(&context, Lang::Vi);
        assert_eq!(choices.len(), 1);
        assert!(
            choices[0].label.starts_with("29A-123.45 — Vượt đèn đỏ"),
            "{}",
            choices[0].label
        );
        assert!(choices[0].label.ends_with("4.000.000 đ"));
        let mut answers = Answers::default();
        answers.set("fine", "PN-1".into());
        assert_eq!((DEFINITION.fee)(&answers, &context), Some(4_000_000));
        // A paid fine cannot be chosen, so it has no fee either.
        answers.set("fine", "PN-2".into());
        assert_eq!((DEFINITION.fee)(&answers, &context), None);
    }

    #[test]
    fn a_fine_without_a_readable_amount_is_never_offered() {
        for amount in [json!("800000"), json!(0), json!(12.5), Value::Null] {
            let fine = json!([{ "fine_id": "PN-9", "plate": "29A-123.45", "offence": "Vượt đèn đỏ",
                "amount_vnd": amount, "detected_at": "2026-10-01T08:00:00", "place": "Ngã tư Sở",
                "paid": false }]);
            assert!(
                fine_choices(&context(fine), Lang::Vi).is_empty(),
                "{amount}"
            );
        }
    }

    #[test]
    fn a_citizen_without_unpaid_fines_is_told_so() {
        let eligible = DEFINITION.eligibility.unwrap();
        assert!(eligible(&context(fines())).is_ok());
        let refusal = eligible(&context(json!([]))).unwrap_err();
        assert!(refusal.en.contains("no unpaid camera fine"));
    }
}
