//! Cashless hospital-fee payment (thanh toán viện phí không dùng tiền mặt): hospitals linked to
//! the population database send their bills, knowing the patient by personal ID number or
//! health-insurance card. The citizen sees the unpaid bills for themselves and for their children
//! under 14, with what the insurance pays, pays the patient's share of one through the payment
//! gateway, and the decision marks the hospital's record paid.

use super::common::{display_date, display_vnd, IDENTITY, RECEIPT_STEP, SIGN_IN_LEVEL_2};
use super::sources::PERSON;
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Choice, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Question,
    Records, RegistryWrite, Source, Step,
};
use crate::text::{Lang, Text};
use serde::Deserialize;
use serde_json::{json, Value};

/// A bill as the hospital sent it through the registry. A bill without its identity, its amounts
/// or whether it is paid cannot be offered; the texts only describe it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct HospitalBill {
    bill_id: String,
    #[serde(default)]
    hospital: String,
    #[serde(default)]
    patient_name: String,
    #[serde(default)]
    treatment: String,
    #[serde(default)]
    issued_on: String,
    total_vnd: u64,
    /// What the health insurance pays.
    insurance_vnd: u64,
    /// What the hospital says is left for the patient.
    patient_share_vnd: u64,
    paid: bool,
}

impl HospitalBill {
    /// The patient's share: what the hospital says is left after the insurance's share (Law on
    /// Health Insurance No. 25/2008/QH12, Article 22, as amended by Law No. 51/2024/QH15). The
    /// portal never recomputes it; a bill whose amounts do not add up is not offered.
    fn patient_share(&self) -> Option<u64> {
        let share = self.patient_share_vnd;
        (share > 0 && self.insurance_vnd.checked_add(share) == Some(self.total_vnd))
            .then_some(share)
    }

    fn label(&self, lang: Lang) -> String {
        format!(
            "{} — {} — {} — {} {} — {} {}, {} {}, {} {}",
            self.patient_name,
            self.hospital,
            self.treatment,
            Text::new("ngày", "on").get(lang),
            display_date(&self.issued_on, lang),
            Text::new("tổng", "total").get(lang),
            display_vnd(self.total_vnd),
            Text::new("BHYT chi trả", "health insurance pays").get(lang),
            display_vnd(self.insurance_vnd),
            Text::new("phải nộp", "to pay").get(lang),
            display_vnd(self.patient_share_vnd),
        )
    }
}

/// The bills hospitals sent for the applicant and their children under 14: the registry finds
/// them by the patients' personal ID numbers and insurance cards.
const HOSPITAL_BILLS: Records<HospitalBill> =
    Records::new(Source::new("hospital_bills", "/v1/hospital-bills/list"));

fn unpaid(context: &Context) -> impl Iterator<Item = HospitalBill> {
    HOSPITAL_BILLS
        .read(context)
        .into_iter()
        .filter(|bill| !bill.paid && bill.patient_share().is_some())
}

/// The unpaid bill the citizen chose, as the hospital sent it.
fn chosen(answers: &Answers, context: &Context) -> Option<HospitalBill> {
    let id = answers.get("bill")?;
    unpaid(context).find(|bill| bill.bill_id == id)
}

fn bill_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    unpaid(context)
        .map(|bill| Choice::new(&bill.bill_id, bill.label(lang)))
        .collect()
}

pub static DEFINITION: Definition = Definition {
    service: Service {
        // Beyond the 25 of the appendix: the seed's cashless hospital-fee payment.
        number: 26,
        slug: "hospital-fees",
        procedure_code: None,
        name: Text::new(
            "Thanh toán viện phí không dùng tiền mặt",
            "Pay a hospital bill online",
        ),
        summary: Text::new(
            "Xem hóa đơn viện phí bệnh viện gửi cho bạn và con dưới 14 tuổi, phần bảo hiểm y tế chi trả, và thanh toán trực tuyến.",
            "See the bills hospitals sent for you and your children under 14, what the health insurance pays, and pay online.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::Joint(Text::new(
            "Bệnh viện (cơ sở khám bệnh, chữa bệnh) và Bảo hiểm xã hội Việt Nam",
            "The hospital and Vietnam Social Security",
        )),
        who_can_use: Text::new(
            "Người bệnh, hoặc cha mẹ của người bệnh dưới 14 tuổi, có tài khoản mức độ 2.",
            "Patients, or the parents of patients under 14, with a level 2 account.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "Phần người bệnh phải trả ghi trên hóa đơn",
            "The patient's share shown on the bill",
        ),
        time_limit: Text::new("Xác nhận ngay khi thanh toán", "Confirmed as soon as you pay"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, HOSPITAL_BILLS.source],
    prefilled: &[IDENTITY[0], IDENTITY[1]],
    steps: &[
        Step {
            id: "bill",
            title: Text::new("Hóa đơn viện phí cần thanh toán", "The hospital bill to pay"),
            questions: &[Question {
                id: "bill",
                label: Text::new("Chọn hóa đơn", "Choose the bill"),
                hint: Some(Text::new(
                    "Hóa đơn bệnh viện đã gửi cho bạn và cho con dưới 14 tuổi của bạn mà chưa thanh toán; số tiền phải nộp là phần còn lại sau khi bảo hiểm y tế chi trả",
                    "Bills hospitals sent for you and your children under 14 that are not paid yet; the amount to pay is what is left after the health insurance's share",
                )),
                kind: Kind::Choice(Options::FromContext(bill_choices)),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        RECEIPT_STEP,
    ],
    // The patient's share the hospital billed, nothing more.
    fee: |answers, context| chosen(answers, context).and_then(|bill| bill.patient_share()),
    eligibility: Some(|context| {
        if unpaid(context).next().is_some() {
            Ok(())
        } else {
            Err(Text::new(
                "Không có hóa đơn viện phí nào chưa thanh toán cho bạn hoặc cho con dưới 14 tuổi của bạn. Hóa đơn xuất hiện tại đây khi bệnh viện gửi lên.",
                "There is no unpaid hospital bill for you or your children under 14. Bills appear here once the hospital sends them.",
            ))
        }
    }),
    ready: None,
    consent: None,
    more_information: None,
    trigger: None,
    concerns: Concerns::Object(|answers, _| {
        answers
            .get("bill")
            .map(|bill| format!("hospital-bill:{bill}"))
    }),
    declaration: Text::new(
        "Tôi xác nhận thanh toán phần người bệnh phải trả của hóa đơn viện phí đã chọn.",
        "I confirm that I am paying the patient's share of the hospital bill I chose.",
    ),
    effects: Effects {
        writes: |submitted| {
            let bill = chosen(submitted.answers, submitted.context);
            vec![RegistryWrite {
                path: "/v1/hospital-bills/pay",
                key: "bill",
                note: Text::new(
                    "Bệnh viện đã ghi nhận thanh toán viện phí",
                    "The hospital recorded the bill paid",
                ),
                body: json!({
                    "bill_id": submitted.answers.get("bill").unwrap_or_default(),
                    "amount_vnd": bill.and_then(|bill| bill.patient_share()),
                    "payment_reference": submitted.reference,
                }),
            }]
        },
        outcome: |_, responses| {
            let bill = responses.first().unwrap_or(&Value::Null);
            let text = |key: &str| bill[key].as_str().unwrap_or_default();
            let amount = |key: &str| display_vnd(bill[key].as_u64().unwrap_or_default());
            vec![
                OutcomeLine {
                    label: Text::new("Hóa đơn đã thanh toán", "Bill paid"),
                    value: format!(
                        "{} — {} — {}",
                        text("bill_id"),
                        text("hospital"),
                        text("patient_name")
                    ),
                },
                OutcomeLine {
                    label: Text::new("Số tiền đã nộp", "Amount paid"),
                    value: amount("patient_share_vnd"),
                },
                OutcomeLine {
                    label: Text::new("Bảo hiểm y tế chi trả", "Paid by health insurance"),
                    value: amount("insurance_vnd"),
                },
                OutcomeLine {
                    label: Text::new("Ngày thanh toán", "Paid on"),
                    value: text("paid_on").to_string(),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn context(bills: Value) -> Context {
        let mut context = Context::default();
        context.insert(HOSPITAL_BILLS.source.key, bills);
        context
    }

    fn bill(id: &str, total: u64, insurance: u64, share: u64, paid: bool) -> Value {
        json!({ "bill_id": id, "hospital": "Bệnh viện Đà Nẵng", "patient_name": "Lê Văn An",
            "treatment": "Khám bệnh ngoại trú", "issued_on": "2026-11-30", "total_vnd": total,
            "insurance_vnd": insurance, "patient_share_vnd": share, "paid": paid })
    }

    #[test]
    fn only_unpaid_bills_that_add_up_are_offered_and_the_fee_is_the_patients_share() {
        let context = context(json!([
            bill("VP-1", 1_000_000, 850_000, 150_000, false),
            bill("VP-2", 500_000, 400_000, 100_000, true),
            bill("VP-3", 500_000, 400_000, 50_000, false),
            bill("VP-4", 500_000, 500_000, 0, false),
        ]));
        let choices = bill_choices(&context, Lang::Vi);
        assert_eq!(choices.len(), 1, "{choices:?}");
        assert!(choices[0]
            .label
            .starts_with("Lê Văn An — Bệnh viện Đà Nẵng"));
        assert!(choices[0].label.contains("BHYT chi trả 850.000 đ"));
        assert!(choices[0].label.ends_with("phải nộp 150.000 đ"));
        let mut answers = Answers::default();
        answers.set("bill", "VP-1".into());
        assert_eq!((DEFINITION.fee)(&answers, &context), Some(150_000));
        for other in ["VP-2", "VP-3", "VP-4", "VP-9"] {
            answers.set("bill", other.into());
            assert_eq!((DEFINITION.fee)(&answers, &context), None, "{other}");
        }
    }

    #[test]
    fn a_citizen_without_unpaid_bills_is_told_so() {
        let eligible = DEFINITION.eligibility.unwrap();
        let paid = context(json!([bill("VP-2", 500_000, 400_000, 100_000, true)]));
        assert!(eligible(&paid)
            .unwrap_err()
            .en
            .contains("no unpaid hospital bill"));
    }
}
