//! Creates people, households and marriages with valid, unique identifiers. Both the random
//! families and the explicit personas are made through it, so every record obeys the same rules.

use super::model::{Address, Household, MaritalStatus, Marriage, Person, Population, Relation};
use super::records::add_years;
use crate::names;
use crate::prng::SplitMix64;
use domain::personal_id::{PersonalId, Sex};
use domain::provinces::{self, PROVINCES};
use std::collections::HashSet;
use time::Date;

/// Which last digit a new personal ID may end in: the identity stand-in treats a final 0 as a
/// citizen who only reached VNeID level 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assurance {
    Any,
    Level1,
    Level2,
}

pub struct Builder {
    pub rng: SplitMix64,
    pub seed: u64,
    pub today: Date,
    pub population: Population,
    /// How many people the random passes may create; personas are added beyond it.
    pub limit: usize,
    personal_ids: HashSet<String>,
    old_id_numbers: HashSet<u64>,
    next_tax_serial: u64,
}

/// What distinguishes one new person; the rest is drawn at random or inherited from the parents.
pub struct Newborn {
    pub sex: Sex,
    pub date_of_birth: Date,
    pub province: u16,
    pub father: Option<usize>,
    pub mother: Option<usize>,
    pub assurance: Assurance,
}

impl Builder {
    pub fn new(seed: u64, today: Date) -> Self {
        Self {
            rng: SplitMix64::stream(seed, "people"),
            seed,
            today,
            population: Population::default(),
            limit: usize::MAX,
            personal_ids: HashSet::new(),
            old_id_numbers: HashSet::new(),
            next_tax_serial: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.population.people.len()
    }

    pub fn has_room(&self, people: usize) -> bool {
        self.len() + people <= self.limit
    }

    pub fn person(&self, index: usize) -> &Person {
        &self.population.people[index]
    }

    pub fn age(&self, index: usize) -> i64 {
        age_on(self.person(index).date_of_birth, self.today)
    }

    /// A date of birth making someone `age` full years old today.
    pub fn birth_date_for_age(&mut self, age: i64) -> Date {
        let year = self.today.year() - age as i32;
        let latest = Date::from_calendar_date(year, self.today.month(), self.today.day())
            .or_else(|_| Date::from_calendar_date(year, self.today.month(), 28))
            .expect("day 28 exists in every month");
        latest - time::Duration::days(self.rng.between(0, 364))
    }

    pub fn random_province(&mut self) -> u16 {
        // The two big cities hold about a fifth of the population.
        if self.rng.chance(0.1) {
            1
        } else if self.rng.chance(0.11) {
            79
        } else {
            self.rng.pick(&PROVINCES).code
        }
    }

    pub fn random_address(&mut self, province: u16) -> Address {
        let commune = *self.rng.pick(&names::COMMUNES);
        let number = self.rng.between(1, 400);
        let street = *self.rng.pick(&names::STREETS);
        Address {
            province,
            commune,
            street: format!("Số {number} đường {street}"),
        }
    }

    fn personal_id(&mut self, province: u16, sex: Sex, year: i32, assurance: Assurance) -> String {
        loop {
            let last_digit = match assurance {
                Assurance::Any => self.rng.below(10),
                Assurance::Level1 => 0,
                Assurance::Level2 => 1 + self.rng.below(9),
            };
            let serial = (self.rng.below(100_000) * 10 + last_digit) as u32;
            let id = PersonalId::compose(province, sex, year, serial).to_string();
            if self.personal_ids.insert(id.clone()) {
                return id;
            }
        }
    }

    pub fn add_person(&mut self, newborn: Newborn) -> usize {
        let Newborn {
            sex,
            date_of_birth,
            province,
            father,
            mother,
            assurance,
        } = newborn;
        let id = self.personal_id(province, sex, date_of_birth.year(), assurance);
        let parent = father.or(mother).map(|index| self.person(index).clone());
        let surname = match &parent {
            Some(parent) => parent.surname,
            None => *self.rng.weighted(&names::SURNAMES),
        };
        let (middle_name, given_name) = match sex {
            Sex::Male => (
                *self.rng.pick(&names::MALE_MIDDLE_NAMES),
                *self.rng.pick(&names::MALE_GIVEN_NAMES),
            ),
            Sex::Female => (
                *self.rng.pick(&names::FEMALE_MIDDLE_NAMES),
                *self.rng.pick(&names::FEMALE_GIVEN_NAMES),
            ),
        };
        let province_name = provinces::by_code(province).expect("known province").name;
        let place_of_birth = format!("{}, {province_name}", self.rng.pick(&names::COMMUNES));
        let (ethnicity, religion, home_town) = match &parent {
            Some(parent) => (parent.ethnicity, parent.religion, parent.home_town.clone()),
            None => (
                *self.rng.weighted(&names::ETHNICITIES),
                *self.rng.weighted(&names::RELIGIONS),
                place_of_birth.clone(),
            ),
        };
        let blood_type = self
            .rng
            .chance(0.9)
            .then(|| *self.rng.weighted(&names::BLOOD_TYPES));
        let age = age_on(date_of_birth, self.today);
        // The 9-digit card was issued until 2016, from the age of 14.
        let old_id_number =
            (date_of_birth.year() <= 2001 && self.rng.chance(0.85)).then(|| self.old_id_number());
        let tax_code = ((18..=70).contains(&age) && self.rng.chance(0.6)).then(|| {
            self.next_tax_serial += 1;
            format!("8{:09}", self.next_tax_serial * 7919 % 1_000_000_000)
        });
        let phone = format!("09{:08}", self.rng.below(100_000_000));
        self.population.people.push(Person {
            id,
            surname,
            middle_name,
            given_name,
            sex,
            date_of_birth,
            birth_province: province,
            place_of_birth,
            home_town,
            ethnicity,
            religion,
            blood_type,
            old_id_number,
            marital: MaritalStatus::Single,
            father,
            mother,
            spouse: None,
            household: None,
            relation: None,
            temporary: None,
            tax_code,
            phone,
        });
        self.len() - 1
    }

    fn old_id_number(&mut self) -> String {
        loop {
            let number = self.rng.between(10_000_000, 389_999_999) as u64;
            if self.old_id_numbers.insert(number) {
                return format!("{number:09}");
            }
        }
    }

    pub fn add_household(&mut self, head: usize, address: Address) -> usize {
        self.population.households.push(Household { head, address });
        let household = self.population.households.len() - 1;
        self.join(head, household, Relation::Head);
        household
    }

    pub fn join(&mut self, person: usize, household: usize, relation: Relation) {
        let person = &mut self.population.people[person];
        person.household = Some(household);
        person.relation = Some(relation);
    }

    pub fn household_address(&self, household: usize) -> &Address {
        &self.population.households[household].address
    }

    pub fn marry(&mut self, husband: usize, wife: usize, registered_on: Date) {
        for (one, other) in [(husband, wife), (wife, husband)] {
            let person = &mut self.population.people[one];
            person.spouse = Some(other);
            person.marital = MaritalStatus::Married;
        }
        let province = self.person(husband).birth_province;
        let place = format!(
            "UBND {}, {}",
            self.rng.pick(&names::COMMUNES),
            provinces::by_code(province).expect("known province").name
        );
        let serial = self.population.marriages.len() + 1;
        self.population.marriages.push(Marriage {
            certificate_number: format!("{serial:07}/{}/KH", registered_on.year()),
            husband,
            wife,
            registered_on,
            place,
        });
    }

    /// A plausible wedding date: after both are of marriageable age and before their first child.
    pub fn wedding_date(&mut self, husband: usize, wife: usize, first_child: Option<Date>) -> Date {
        // Marriageable ages: 20 for men, 18 for women (Marriage and Family Law, art. 8).
        let earliest = [
            add_years(self.person(husband).date_of_birth, 20),
            add_years(self.person(wife).date_of_birth, 18),
        ]
        .into_iter()
        .max()
        .expect("two dates")
        .min(self.today);
        let latest = first_child
            .map(|birth| birth - time::Duration::days(300))
            .unwrap_or(self.today)
            .min(self.today)
            .max(earliest);
        let span = (latest - earliest).whole_days();
        earliest + time::Duration::days(self.rng.between(0, span.min(6 * 365)))
    }
}

pub fn age_on(date_of_birth: Date, today: Date) -> i64 {
    let mut age = i64::from(today.year() - date_of_birth.year());
    if (today.month() as u8, today.day()) < (date_of_birth.month() as u8, date_of_birth.day()) {
        age -= 1;
    }
    age
}
