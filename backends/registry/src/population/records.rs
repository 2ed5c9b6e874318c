//! Records that hang off people: driving licences and their holders' signed health checks,
//! hospital birth notices, health-insurance cards, vehicles and camera fines, electricity
//! contracts. Each kind has one constructor used by both the random pass and the personas.

use super::builder::Builder;
use super::model::{
    BirthNotice, ElectricityContract, Fine, InsuranceCard, Licence, LicenceStatus, MaritalStatus,
    SignedHealthCheck, Vehicle,
};
use crate::facilities::{self, signing_key};
use crate::health_check::{ClassGroup, HealthCheck};
use crate::names;
use domain::insurance::compose_card_number;
use domain::licence::LicenceClass;
use domain::personal_id::Sex;
use domain::provinces;
use time::{Date, Duration, Month, PrimitiveDateTime, Time};

/// The day the 2025 licence classes took effect.
const NEW_CLASSES_FROM: Date = time::macros::date!(2025 - 01 - 01);

pub fn add_years(date: Date, years: i32) -> Date {
    let year = date.year() + years;
    Date::from_calendar_date(year, date.month(), date.day())
        .or_else(|_| Date::from_calendar_date(year, date.month(), 28))
        .expect("day 28 exists in every month")
}

/// When a licence with these classes expires: the shortest validity wins; motorbike-only
/// licences never expire.
pub fn licence_expiry(classes: &[LicenceClass], issued_on: Date) -> Option<Date> {
    classes
        .iter()
        .filter_map(|class| class.validity_years())
        .min()
        .map(|years| add_years(issued_on, i32::from(years)))
}

/// The health-check group a licence's most demanding class needs.
pub fn class_group(classes: &[LicenceClass]) -> ClassGroup {
    let mapped = |class: &LicenceClass| class.exchange().class.unwrap_or(*class);
    if classes.iter().map(mapped).any(|class| {
        !matches!(
            class,
            LicenceClass::A1
                | LicenceClass::A
                | LicenceClass::B1
                | LicenceClass::B
                | LicenceClass::BE
        )
    }) {
        ClassGroup::TruckBus
    } else if classes.iter().any(|class| class.needs_health_check()) {
        ClassGroup::Car
    } else {
        ClassGroup::Motorbike
    }
}

/// The number of the `ordinal`-th licence issued. The serial part is the ordinal scrambled by a
/// multiplier coprime to 10^10, so numbers are unique without a lookup and do not reveal the order
/// of issue.
pub fn licence_number(province: u16, ordinal: u64) -> String {
    let serial = ordinal * 7_777_777_777 % 10_000_000_000;
    format!("{:02}{serial:010}", province % 100)
}

/// Two-digit plate codes of the larger provinces; others get a stable synthetic code.
fn plate_code(province: u16) -> u16 {
    match province {
        1 => 29,
        79 => 51,
        31 => 15,
        22 => 14,
        48 => 43,
        92 => 65,
        38 => 36,
        40 => 37,
        46 => 75,
        56 => 79,
        74 => 61,
        75 => 60,
        other => 11 + other % 89,
    }
}

impl Builder {
    /// The province a person lives in: their household's, else where their birth was registered.
    pub fn home_province(&self, person: usize) -> u16 {
        let person = self.person(person);
        person
            .household
            .map(|household| self.household_address(household).province)
            .unwrap_or(person.birth_province)
    }

    pub fn random_records(&mut self) {
        let today = self.today;
        for person in 0..self.len() {
            let age = self.age(person);
            if age >= 18 && self.rng.chance(0.55) {
                self.random_licence(person);
            }
            if self.rng.chance(0.9) {
                self.add_insurance_card(person);
            }
            let candidate = self.person(person);
            let (sex, marital, father) = (candidate.sex, candidate.marital, candidate.spouse);
            let birth_rate = if marital == MaritalStatus::Married {
                0.004
            } else {
                0.0004
            };
            if sex == Sex::Female && (19..=42).contains(&age) && self.rng.chance(birth_rate) {
                let born_at = today - Duration::days(self.rng.between(1, 25));
                self.add_birth_notice(person, father, born_at, 1);
            }
        }
        for household in 0..self.population.households.len() {
            let head = self.population.households[household].head;
            if self.rng.chance(0.92) {
                let years = self.rng.between(0, 15);
                let started_on = today - Duration::days(years * 365 + self.rng.between(0, 364));
                self.add_electricity_contract(head, started_on);
            }
        }
    }

    fn random_licence(&mut self, holder: usize) {
        let old: &[LicenceClass] = match self.rng.below(100) {
            0..=64 => &[LicenceClass::OldA1],
            65..=89 => &[LicenceClass::OldA1, LicenceClass::OldB2],
            90..=96 => &[LicenceClass::OldB2],
            _ => &[LicenceClass::OldA1, LicenceClass::OldC],
        };
        let adult_on = add_years(self.person(holder).date_of_birth, 18);
        let earliest = adult_on.max(add_years(self.today, -12));
        let issued_on =
            self.today - Duration::days(self.rng.between(0, (self.today - earliest).whole_days()));
        let classes: Vec<LicenceClass> = if issued_on >= NEW_CLASSES_FROM {
            old.iter()
                .map(|class| match class {
                    LicenceClass::OldA1 => LicenceClass::A1,
                    other => other.exchange().class.expect("car and truck classes map"),
                })
                .collect()
        } else {
            old.to_vec()
        };
        let status = if self.rng.chance(0.02) {
            LicenceStatus::Lost
        } else {
            LicenceStatus::Active
        };
        let licence = self.add_licence(holder, classes, issued_on, status);
        self.random_vehicles_and_fines(licence);
        let licence = &self.population.licences[licence];
        let due_soon = licence
            .expires_on
            .is_some_and(|expiry| (expiry - self.today).whole_days().abs() <= 365);
        if due_soon
            && licence
                .classes
                .iter()
                .any(|class| class.needs_health_check())
            && self.rng.chance(0.55)
        {
            let group = class_group(&licence.classes);
            let examined_on = self.today - Duration::days(self.rng.between(0, 300));
            let fit = self.rng.chance(0.93);
            self.add_health_check(holder, group, examined_on, fit);
        }
    }

    pub fn add_licence(
        &mut self,
        holder: usize,
        classes: Vec<LicenceClass>,
        issued_on: Date,
        status: LicenceStatus,
    ) -> usize {
        let province = self.home_province(holder);
        let number = licence_number(province, self.population.licences.len() as u64 + 1);
        let expires_on = licence_expiry(&classes, issued_on);
        self.population.licences.push(Licence {
            number,
            holder,
            classes,
            province,
            issued_on,
            expires_on,
            status,
        });
        self.population.licences.len() - 1
    }

    pub fn add_health_check(
        &mut self,
        person: usize,
        group: ClassGroup,
        examined_on: Date,
        fit: bool,
    ) {
        let facility = facilities::serving(self.home_province(person));
        let check = HealthCheck {
            certificate_id: format!("GKSK-{:08}", self.population.health_checks.len() + 1),
            facility_id: facility.id.to_string(),
            personal_id: self.person(person).id.clone(),
            examined_on: examined_on.to_string(),
            class_group: group,
            fit,
            valid_until: add_years(examined_on, 1).to_string(),
        };
        let signature = check.sign(&signing_key(self.seed, facility.id));
        self.population
            .health_checks
            .push(SignedHealthCheck { check, signature });
    }

    /// A social-insurance number unique to this population: two province digits and a serial.
    fn social_number(&mut self, province: u16) -> u64 {
        let serial =
            (self.population.insurance_cards.len() + self.population.birth_notices.len()) as u64;
        u64::from(province % 100) * 100_000_000 + serial
    }

    pub fn add_birth_notice(
        &mut self,
        mother: usize,
        father: Option<usize>,
        born_on: Date,
        children: usize,
    ) {
        let province = self.home_province(mother);
        let facility = facilities::serving(province);
        let time = Time::from_hms(
            self.rng.between(0, 23) as u8,
            self.rng.between(0, 59) as u8,
            0,
        )
        .expect("valid time");
        for _ in 0..children {
            let child_sex = if self.rng.chance(0.51) {
                Sex::Male
            } else {
                Sex::Female
            };
            let social = self.social_number(province);
            self.population.birth_notices.push(BirthNotice {
                number: format!("GCS-{:07}", self.population.birth_notices.len() + 1),
                mother,
                father,
                child_sex,
                weight_grams: self.rng.between(2_400, 4_000),
                born_at: PrimitiveDateTime::new(born_on, time),
                facility,
                temporary_insurance_code: compose_card_number("TE", 1, province, social),
            });
        }
    }

    pub fn add_insurance_card(&mut self, holder: usize) {
        let age = self.age(holder);
        let (group, level) = match age {
            0..=5 => ("TE", 1),
            6..=17 => ("HS", 4),
            18..=22 if self.rng.chance(0.5) => ("SV", 4),
            60.. if self.rng.chance(0.4) => ("HT", 2),
            23..=59 if self.rng.chance(0.45) => ("DN", 4),
            _ => ("GD", 5),
        };
        let province = self.home_province(holder);
        let social = self.social_number(province);
        let valid_from =
            Date::from_calendar_date(self.today.year(), Month::January, 1).expect("1 January");
        let year_end =
            Date::from_calendar_date(self.today.year(), Month::December, 31).expect("31 December");
        // A child's free card runs until the day before their sixth birthday.
        let valid_to = if group == "TE" {
            add_years(self.person(holder).date_of_birth, 6) - Duration::days(1)
        } else {
            year_end
        };
        self.population.insurance_cards.push(InsuranceCard {
            number: compose_card_number(group, level, province, social),
            holder,
            group,
            level,
            province,
            valid_from,
            valid_to,
        });
    }

    fn random_vehicles_and_fines(&mut self, licence: usize) {
        let licence = &self.population.licences[licence];
        let holder = licence.holder;
        let rides = licence
            .classes
            .iter()
            .any(|class| !class.needs_health_check());
        let drives = licence
            .classes
            .iter()
            .any(|class| class.needs_health_check());
        if rides && self.rng.chance(0.7) {
            let vehicle = self.add_vehicle(holder, "motorbike");
            if self.rng.chance(0.06) {
                self.random_fines(vehicle);
            }
        }
        if drives && self.rng.chance(0.35) {
            let vehicle = self.add_vehicle(holder, "car");
            if self.rng.chance(0.12) {
                self.random_fines(vehicle);
            }
        }
    }

    pub fn add_vehicle(&mut self, owner: usize, kind: &'static str) -> usize {
        let province = self.home_province(owner);
        let code = plate_code(province);
        let serial = self.population.vehicles.len() as u64 * 7_919 % 100_000;
        let (plate, model) = if kind == "car" {
            let series = (b'A' + (self.population.vehicles.len() / 100_000 % 26) as u8) as char;
            (
                format!("{code}{series}-{:03}.{:02}", serial / 100, serial % 100),
                *self.rng.pick(&names::CAR_BRANDS),
            )
        } else {
            let series = (b'A' + (self.population.vehicles.len() / 100_000 % 26) as u8) as char;
            (
                format!("{code}-{series}1 {:03}.{:02}", serial / 100, serial % 100),
                *self.rng.pick(&names::MOTORBIKE_BRANDS),
            )
        };
        let registered_on = self.today - Duration::days(self.rng.between(30, 3_650));
        self.population.vehicles.push(Vehicle {
            plate,
            owner,
            kind,
            model,
            registered_on,
        });
        self.population.vehicles.len() - 1
    }

    fn random_fines(&mut self, vehicle: usize) {
        for _ in 0..self.rng.between(1, 3) {
            let detected_on = self.today - Duration::days(self.rng.between(1, 400));
            let paid_on = self
                .rng
                .chance(0.55)
                .then(|| detected_on + Duration::days(self.rng.between(3, 60)))
                .filter(|paid_on| *paid_on <= self.today);
            self.add_fine(vehicle, detected_on, paid_on);
        }
    }

    pub fn add_fine(&mut self, vehicle: usize, detected_on: Date, paid_on: Option<Date>) {
        let vehicle = &self.population.vehicles[vehicle];
        let (offence, car_amount) = *self.rng.pick(&names::CAMERA_OFFENCES);
        // Motorbike fines are roughly a fifth of a car's for the same offence.
        let amount_vnd = if vehicle.kind == "car" {
            car_amount
        } else {
            car_amount / 5
        };
        let province = self.home_province(vehicle.owner);
        let place = format!(
            "Đường {}, {}",
            self.rng.pick(&names::STREETS),
            provinces::by_code(province).expect("known province").name
        );
        let time = Time::from_hms(
            self.rng.between(6, 22) as u8,
            self.rng.between(0, 59) as u8,
            0,
        )
        .expect("valid time");
        let plate = vehicle.plate.clone();
        self.population.fines.push(Fine {
            id: format!("PN-{:08}", self.population.fines.len() + 1),
            plate,
            offence,
            amount_vnd,
            detected_at: PrimitiveDateTime::new(detected_on, time),
            place,
            paid_on,
        });
    }

    pub fn add_electricity_contract(&mut self, holder: usize, started_on: Date) {
        let household = self
            .person(holder)
            .household
            .expect("a contract holder has a household");
        let address = self.household_address(household).clone();
        let province_name = provinces::by_code(address.province)
            .expect("known province")
            .name;
        self.population
            .electricity_contracts
            .push(ElectricityContract {
                number: format!(
                    "PE{:02}{:09}",
                    address.province % 100,
                    self.population.electricity_contracts.len() + 1
                ),
                holder,
                address: format!("{}, {}, {province_name}", address.street, address.commune),
                province: address.province,
                started_on,
            });
    }
}
