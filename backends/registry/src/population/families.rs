//! Random households built as families, so that parents, spouses and children are real records
//! linked both ways: couples with children, three generations under one roof, adult children who
//! married and moved out, single adults, widowed elders and single parents.

use super::builder::{age_on, Assurance, Builder, Newborn};
use super::model::{Address, MaritalStatus, Relation};
use domain::personal_id::Sex;
use time::Duration;

/// The partners of a couple to form: either may already exist (an adult child of another family).
#[derive(Clone, Copy, Default)]
pub struct Partners {
    pub husband: Option<usize>,
    pub wife: Option<usize>,
}

impl Builder {
    pub fn random_families(&mut self) {
        while self.has_room(1) {
            let province = self.random_province();
            match self.rng.below(100) {
                0..=61 => {
                    let age = self.rng.between(22, 88);
                    self.couple(Partners::default(), None, age, province);
                }
                62..=76 => {
                    let age = self.rng.between(18, 70);
                    self.single_household(province, age, MaritalStatus::Single);
                }
                77..=86 => {
                    let age = self.rng.between(60, 95);
                    self.single_household(province, age, MaritalStatus::Widowed);
                }
                _ => self.single_parent(province),
            }
        }
        self.temporary_residences();
    }

    fn random_sex(&mut self) -> Sex {
        if self.rng.chance(0.5) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    pub fn new_adult(&mut self, sex: Sex, age: i64, province: u16, assurance: Assurance) -> usize {
        let date_of_birth = self.birth_date_for_age(age);
        self.add_person(Newborn {
            sex,
            date_of_birth,
            province,
            father: None,
            mother: None,
            assurance,
        })
    }

    fn single_household(&mut self, province: u16, age: i64, marital: MaritalStatus) {
        let sex = self.random_sex();
        let person = self.new_adult(sex, age, province, Assurance::Any);
        self.population.people[person].marital = marital;
        let address = self.random_address(province);
        self.add_household(person, address);
    }

    fn single_parent(&mut self, province: u16) {
        let sex = if self.rng.chance(0.75) {
            Sex::Female
        } else {
            Sex::Male
        };
        let age = self.rng.between(25, 50);
        let parent = self.new_adult(sex, age, province, Assurance::Any);
        self.population.people[parent].marital = MaritalStatus::Divorced;
        let address = self.random_address(province);
        let household = self.add_household(parent, address);
        let (father, mother) = match sex {
            Sex::Male => (Some(parent), None),
            Sex::Female => (None, Some(parent)),
        };
        for _ in 0..self.rng.between(1, 2) {
            let child_age = age - self.rng.between(20, 34);
            if child_age < 0 || !self.has_room(1) {
                break;
            }
            let sex = self.random_sex();
            let date_of_birth = self.birth_date_for_age(child_age);
            let child = self.add_person(Newborn {
                sex,
                date_of_birth,
                province,
                father,
                mother,
                assurance: Assurance::Any,
            });
            self.join(child, household, Relation::child(sex));
        }
    }

    /// Forms a married couple with their children. With `stay_in`, the couple lives in the
    /// husband's parents' household; otherwise the husband heads a new one.
    pub fn couple(
        &mut self,
        partners: Partners,
        stay_in: Option<usize>,
        husband_age: i64,
        province: u16,
    ) {
        let newcomers =
            usize::from(partners.husband.is_none()) + usize::from(partners.wife.is_none());
        if !self.has_room(newcomers) {
            return;
        }
        let (husband, husband_age) = match partners.husband {
            Some(husband) => (husband, self.age(husband)),
            None => {
                let age = match partners.wife {
                    Some(wife) => self.age(wife) + self.rng.between(0, 6),
                    None => husband_age,
                };
                let born_in = self.nearby_province(province);
                (self.new_adult(Sex::Male, age, born_in, Assurance::Any), age)
            }
        };
        let wife = match partners.wife {
            Some(wife) => wife,
            None => {
                let age = (husband_age - self.rng.between(-1, 7)).max(18);
                let born_in = self.nearby_province(province);
                self.new_adult(Sex::Female, age, born_in, Assurance::Any)
            }
        };
        let household = match stay_in {
            Some(household) => {
                self.join(wife, household, Relation::DaughterInLaw);
                household
            }
            None => {
                let address = self.random_address(province);
                let household = self.add_household(husband, address);
                self.join(wife, household, Relation::Wife);
                household
            }
        };
        let children = self.children_of(husband, wife, household, stay_in.is_some());
        let first_child = children
            .first()
            .map(|&child| self.person(child).date_of_birth);
        let wedding = self.wedding_date(husband, wife, first_child);
        self.marry(husband, wife, wedding);
        self.settle_adult_children(&children, household, stay_in.is_none());
    }

    fn nearby_province(&mut self, province: u16) -> u16 {
        if self.rng.chance(0.8) {
            province
        } else {
            self.random_province()
        }
    }

    fn children_of(
        &mut self,
        father: usize,
        mother: usize,
        household: usize,
        grandchildren: bool,
    ) -> Vec<usize> {
        let count = *self
            .rng
            .weighted(&[(0, 8), (1, 22), (2, 42), (3, 20), (4, 8)]);
        let mother_age = self.age(mother);
        let mut ages: Vec<i64> = (0..count)
            .map(|_| mother_age - self.rng.between(19, 40))
            .filter(|age| *age >= 0)
            .collect();
        ages.sort_unstable_by(|a, b| b.cmp(a));
        let province = self.household_address(household).province;
        let mut children = Vec::new();
        for age in ages {
            if !self.has_room(1) {
                break;
            }
            let sex = self.random_sex();
            let date_of_birth = self.birth_date_for_age(age);
            let child = self.add_person(Newborn {
                sex,
                date_of_birth,
                province,
                father: Some(father),
                mother: Some(mother),
                assurance: Assurance::Any,
            });
            let relation = if grandchildren {
                Relation::Grandchild
            } else {
                Relation::child(sex)
            };
            self.join(child, household, relation);
            children.push(child);
        }
        children
    }

    /// Adult children marry (one son may stay with his parents), move out alone, or stay.
    fn settle_adult_children(&mut self, children: &[usize], household: usize, may_host_heir: bool) {
        let province = self.household_address(household).province;
        let mut heir_room = may_host_heir;
        for &child in children {
            let age = self.age(child);
            if age < 22 {
                continue;
            }
            let sex = self.person(child).sex;
            if self.rng.chance(0.6) {
                if sex == Sex::Male && heir_room && self.rng.chance(0.4) {
                    heir_room = false;
                    let partners = Partners {
                        husband: Some(child),
                        wife: None,
                    };
                    self.couple(partners, Some(household), age, province);
                } else {
                    let partners = match sex {
                        Sex::Male => Partners {
                            husband: Some(child),
                            wife: None,
                        },
                        Sex::Female => Partners {
                            husband: None,
                            wife: Some(child),
                        },
                    };
                    let settles_in = self.nearby_province(province);
                    self.couple(partners, None, age, settles_in);
                }
            } else if self.rng.chance(0.35) {
                let settles_in = self.nearby_province(province);
                let address = self.random_address(settles_in);
                self.add_household(child, address);
            }
        }
    }

    /// Young adults studying or working away from home register a temporary residence.
    fn temporary_residences(&mut self) {
        for index in 0..self.len() {
            let person = self.person(index);
            let age = age_on(person.date_of_birth, self.today);
            let home = person
                .household
                .map(|household| self.household_address(household).province);
            if !(18..=40).contains(&age) || !self.rng.chance(0.06) {
                continue;
            }
            let city = if home == Some(1) { 79 } else { 1 };
            let address: Address = self.random_address(city);
            let until = self.today + Duration::days(self.rng.between(30, 720));
            self.population.people[index].temporary = Some((address, until));
        }
    }
}
