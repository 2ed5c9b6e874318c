//! Bills hospitals send for their patients' treatment, for cashless hospital-fee payment. The
//! health insurance's share follows the benefit level printed on the patient's card; the rest is
//! the patient's to pay. Random bills come from a stream of their own, so adding them left every
//! other generated record as it was.

use super::builder::Builder;
use super::model::HospitalBill;
use crate::facilities;
use crate::prng::SplitMix64;
use time::{Date, Duration};

/// Treatments a bill may be for.
const TREATMENTS: [&str; 5] = [
    "Khám bệnh ngoại trú",
    "Điều trị nội trú 3 ngày",
    "Xét nghiệm máu và chụp X-quang",
    "Nội soi dạ dày",
    "Khám và điều trị viêm phổi",
];

/// Who a hospital recorded the patient as: by personal ID number, or only by the health-insurance
/// card they were treated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownBy {
    PersonalId,
    CardOnly,
}

/// The share of covered costs the health insurance pays at a card's benefit level (the second
/// character of the card number), for treatment within the patient's own route: Law on Health
/// Insurance No. 25/2008/QH12, Article 22(1), as amended by Law No. 46/2014/QH13 and Law
/// No. 51/2024/QH15. Levels 1, 2 and 5 pay everything, level 3 95 %, level 4 80 %.
fn insured_percent(level: u8) -> i64 {
    match level {
        3 => 95,
        4 => 80,
        _ => 100,
    }
}

impl Builder {
    /// A bill for `patient`: `covered_vnd` of it within the insurance's list (paid at the card's
    /// level), `uncovered_vnd` outside it (the patient's in full).
    #[allow(clippy::too_many_arguments)]
    pub fn add_hospital_bill(
        &mut self,
        patient: usize,
        known_by: KnownBy,
        treatment: &'static str,
        issued_on: Date,
        covered_vnd: i64,
        uncovered_vnd: i64,
        paid_on: Option<Date>,
    ) {
        let card = self
            .population
            .insurance_cards
            .iter()
            .find(|card| card.holder == patient && card.valid_to >= issued_on);
        let insurance_vnd = card.map_or(0, |card| covered_vnd * insured_percent(card.level) / 100);
        let card_number = card.map(|card| card.number.clone());
        let hospital = facilities::serving(self.home_province(patient)).name;
        let patient = match (known_by, &card_number) {
            (KnownBy::CardOnly, Some(_)) => None,
            _ => Some(patient),
        };
        self.population.hospital_bills.push(HospitalBill {
            id: format!("VP-{:08}", self.population.hospital_bills.len() + 1),
            hospital,
            patient,
            card_number,
            treatment,
            issued_on,
            total_vnd: covered_vnd + uncovered_vnd,
            insurance_vnd,
            paid_on,
        });
    }

    /// About one person in thirty has a bill from the last two months, a third of them paid.
    pub fn random_hospital_bills(&mut self) {
        let mut rng = SplitMix64::stream(self.seed, "hospital-bills");
        for patient in 0..self.population.people.len() {
            if !rng.chance(1.0 / 30.0) {
                continue;
            }
            let treatment = *rng.pick(&TREATMENTS);
            let issued_on = self.today - Duration::days(rng.between(0, 60));
            let covered = rng.between(2, 400) * 10_000;
            let uncovered = rng.between(5, 60) * 10_000;
            let paid_on = rng
                .chance(1.0 / 3.0)
                .then(|| issued_on + Duration::days(rng.between(0, 3)));
            let known_by = if rng.chance(0.2) {
                KnownBy::CardOnly
            } else {
                KnownBy::PersonalId
            };
            self.add_hospital_bill(
                patient, known_by, treatment, issued_on, covered, uncovered, paid_on,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::population::{build, Spec};
    use time::macros::date;

    #[test]
    fn every_bill_leaves_the_patient_something_and_names_them_somehow() {
        let spec = Spec {
            seed: 7,
            citizens: 3_000,
            as_of: date!(2026 - 12 - 04),
        };
        let (population, _) = build(spec);
        let bills = &population.hospital_bills;
        assert!(bills.len() > 50, "{} bills", bills.len());
        assert!(bills.iter().any(|bill| bill.patient.is_none()));
        for bill in bills {
            assert!(
                bill.insurance_vnd >= 0 && bill.insurance_vnd < bill.total_vnd,
                "{bill:?}"
            );
            assert!(
                bill.patient.is_some() || bill.card_number.is_some(),
                "{bill:?}"
            );
        }
    }
}
