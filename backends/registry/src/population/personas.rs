//! Named citizens the portal's tests rely on, built explicitly after the random population so
//! that each one exists with exactly the records its scenario needs. Only `level1_citizen` has a
//! personal ID ending in 0 (VNeID level 1 in the identity stand-in); every other persona and their
//! relatives end in another digit.

use super::builder::{Assurance, Builder, Newborn};
use super::hospital_bills::KnownBy;
use super::model::{LicenceStatus, Relation};
use super::records::add_years;
use crate::health_check::ClassGroup;
use domain::licence::LicenceClass;
use domain::personal_id::Sex;
use serde::{Deserialize, Serialize};
use time::Duration;

/// Personal ID numbers of the test personas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personas {
    /// Car licence expiring within three months, with a valid signed fit health check.
    pub driver_expiring: String,
    /// Car licence expiring within three months, no health check on record.
    pub driver_no_health_check: String,
    /// Car licence expiring soon; the latest health check says unfit.
    pub driver_unfit: String,
    /// A valid car licence reported lost.
    pub driver_lost_licence: String,
    /// Married; her husband heads the household; a birth notice names him as father.
    pub mother_with_birth_notice: String,
    pub father_with_birth_notice: String,
    /// Single, heads her own household; the birth notice names no father.
    pub mother_unmarried_notice: String,
    /// Single, lives in her father's household; birth notice without a father.
    pub mother_head_elsewhere: String,
    /// Married; two birth notices for twins.
    pub mother_twins: String,
    /// The one persona whose ID ends in 0: VNeID level 1 only.
    pub level1_citizen: String,
    /// An adult with a household and an insurance card, nothing else of note.
    pub plain_adult: String,
    /// A parent of `young_child` (4 years old, under 6 and under 14), of a daughter of 9, and of
    /// `older_child`. Hospitals have sent unpaid bills for the parent (by personal ID number), for
    /// `young_child` (by insurance card only) and for `older_child`; the daughter's is paid.
    pub parent_of_young_child: String,
    pub young_child: String,
    /// 15 years old: past the age a parent acts for, with an eID account of their own.
    pub older_child: String,
    /// Owns a car with two unpaid camera fines and one paid.
    pub owner_with_unpaid_fines: String,
    /// Two single adults of opposite sex who may marry each other.
    pub single_adult: String,
    pub single_partner: String,
    /// Heads a household and holds its electricity contract.
    pub electricity_holder: String,
    /// An elderly married man heading a household, with his wife: for death registration.
    pub elderly_married: String,
    pub elderly_spouse: String,
}

/// How many people the personas and their relatives add to the population.
pub const PERSONA_PEOPLE: usize = 25;

impl Builder {
    fn persona_adult(&mut self, sex: Sex, age: i64, province: u16) -> usize {
        let person = self.new_adult(sex, age, province, Assurance::Level2);
        self.add_insurance_card(person);
        person
    }

    /// An adult heading their own household.
    fn persona_head(&mut self, sex: Sex, age: i64, province: u16) -> usize {
        let person = self.persona_adult(sex, age, province);
        let address = self.random_address(province);
        self.add_household(person, address);
        person
    }

    /// A married couple in a household headed by the husband, married a few years ago.
    fn persona_couple(&mut self, husband_age: i64, wife_age: i64, province: u16) -> (usize, usize) {
        let husband = self.persona_head(Sex::Male, husband_age, province);
        let wife = self.persona_adult(Sex::Female, wife_age, province);
        let household = self
            .person(husband)
            .household
            .expect("head has a household");
        self.join(wife, household, Relation::Wife);
        let wedding = self.wedding_date(husband, wife, Some(self.today));
        self.marry(husband, wife, wedding);
        (husband, wife)
    }

    fn persona_child(&mut self, father: usize, mother: usize, age: i64, sex: Sex) -> usize {
        let household = self
            .person(father)
            .household
            .expect("father has a household");
        let province = self.household_address(household).province;
        let date_of_birth = self.birth_date_for_age(age);
        let child = self.add_person(Newborn {
            sex,
            date_of_birth,
            province,
            father: Some(father),
            mother: Some(mother),
            assurance: Assurance::Level2,
        });
        self.join(child, household, Relation::child(sex));
        self.add_insurance_card(child);
        child
    }

    /// A driver whose car licence expires `expires_in_days` from today.
    fn persona_driver(&mut self, sex: Sex, age: i64, province: u16, expires_in_days: i64) -> usize {
        let driver = self.persona_head(sex, age, province);
        let expiry = self.today + Duration::days(expires_in_days);
        let classes = vec![LicenceClass::OldA1, LicenceClass::OldB2];
        self.add_licence(
            driver,
            classes,
            add_years(expiry, -10),
            LicenceStatus::Active,
        );
        driver
    }

    pub fn personas(&mut self) -> Personas {
        let today = self.today;
        let first = self.len();

        let driver_expiring = self.persona_driver(Sex::Male, 45, 79, 45);
        self.add_health_check(
            driver_expiring,
            ClassGroup::Car,
            today - Duration::days(20),
            true,
        );
        let driver_no_health_check = self.persona_driver(Sex::Female, 38, 1, 60);
        let driver_unfit = self.persona_driver(Sex::Male, 52, 48, 30);
        self.add_health_check(
            driver_unfit,
            ClassGroup::Car,
            today - Duration::days(10),
            false,
        );
        let driver_lost_licence = self.persona_head(Sex::Male, 33, 31);
        let classes = vec![LicenceClass::OldA1, LicenceClass::OldB2];
        let issued = today - Duration::days(4 * 365);
        self.add_licence(driver_lost_licence, classes, issued, LicenceStatus::Lost);

        let (father_with_birth_notice, mother_with_birth_notice) = self.persona_couple(31, 28, 1);
        self.add_birth_notice(
            mother_with_birth_notice,
            Some(father_with_birth_notice),
            today - Duration::days(2),
            1,
        );
        let mother_unmarried_notice = self.persona_head(Sex::Female, 24, 40);
        self.add_birth_notice(mother_unmarried_notice, None, today - Duration::days(4), 1);
        let (grandfather, grandmother) = self.persona_couple(55, 52, 38);
        let mother_head_elsewhere = self.persona_child(grandfather, grandmother, 26, Sex::Female);
        self.add_birth_notice(mother_head_elsewhere, None, today - Duration::days(6), 1);
        let (twins_father, mother_twins) = self.persona_couple(34, 32, 79);
        self.add_birth_notice(
            mother_twins,
            Some(twins_father),
            today - Duration::days(3),
            2,
        );

        let level1_citizen = self.new_adult(Sex::Male, 30, 92, Assurance::Level1);
        let address = self.random_address(92);
        self.add_household(level1_citizen, address);
        let plain_adult = self.persona_head(Sex::Female, 40, 46);

        let (parent_of_young_child, mother) = self.persona_couple(35, 33, 48);
        let daughter = self.persona_child(parent_of_young_child, mother, 9, Sex::Female);
        let young_child = self.persona_child(parent_of_young_child, mother, 4, Sex::Male);

        let owner_with_unpaid_fines = self.persona_head(Sex::Male, 42, 1);
        let classes = vec![LicenceClass::OldA1, LicenceClass::OldB2];
        self.add_licence(
            owner_with_unpaid_fines,
            classes,
            today - Duration::days(3 * 365),
            LicenceStatus::Active,
        );
        let car = self.add_vehicle(owner_with_unpaid_fines, "car");
        self.add_fine(car, today - Duration::days(40), None);
        self.add_fine(car, today - Duration::days(12), None);
        self.add_fine(
            car,
            today - Duration::days(200),
            Some(today - Duration::days(180)),
        );

        let single_adult = self.persona_head(Sex::Male, 29, 79);
        let single_partner = self.persona_head(Sex::Female, 27, 79);
        let electricity_holder = self.persona_head(Sex::Female, 45, 56);
        self.add_electricity_contract(electricity_holder, today - Duration::days(5 * 365));
        let (elderly_married, elderly_spouse) = self.persona_couple(82, 79, 34);
        // Last, so that adding this child left every other persona as it was.
        let older_child = self.persona_child(parent_of_young_child, mother, 15, Sex::Male);

        let family_bills = [
            (
                parent_of_young_child,
                KnownBy::PersonalId,
                1_200_000,
                300_000,
                None,
            ),
            (young_child, KnownBy::CardOnly, 850_000, 150_000, None),
            (daughter, KnownBy::PersonalId, 400_000, 100_000, Some(5)),
            (older_child, KnownBy::PersonalId, 600_000, 200_000, None),
        ];
        for (days_ago, (patient, known_by, covered, uncovered, paid_after)) in
            (3..).zip(family_bills)
        {
            let issued_on = today - Duration::days(days_ago);
            let paid_on = paid_after.map(|days| issued_on + Duration::days(days));
            let treatment = "Khám bệnh ngoại trú";
            self.add_hospital_bill(
                patient, known_by, treatment, issued_on, covered, uncovered, paid_on,
            );
        }

        debug_assert_eq!(self.len() - first, PERSONA_PEOPLE);
        let id = |index: usize| self.person(index).id.clone();
        Personas {
            driver_expiring: id(driver_expiring),
            driver_no_health_check: id(driver_no_health_check),
            driver_unfit: id(driver_unfit),
            driver_lost_licence: id(driver_lost_licence),
            mother_with_birth_notice: id(mother_with_birth_notice),
            father_with_birth_notice: id(father_with_birth_notice),
            mother_unmarried_notice: id(mother_unmarried_notice),
            mother_head_elsewhere: id(mother_head_elsewhere),
            mother_twins: id(mother_twins),
            level1_citizen: id(level1_citizen),
            plain_adult: id(plain_adult),
            parent_of_young_child: id(parent_of_young_child),
            young_child: id(young_child),
            older_child: id(older_child),
            owner_with_unpaid_fines: id(owner_with_unpaid_fines),
            single_adult: id(single_adult),
            single_partner: id(single_partner),
            electricity_holder: id(electricity_holder),
            elderly_married: id(elderly_married),
            elderly_spouse: id(elderly_spouse),
        }
    }
}
