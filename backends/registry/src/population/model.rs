//! The population as it is built in memory before it is written: people refer to each other by
//! index, and personal ID numbers are assigned as people are created.

use domain::licence::LicenceClass;
use domain::personal_id::Sex;
use time::{Date, PrimitiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MaritalStatus {
    Single,
    Married,
    Divorced,
    Widowed,
}

impl MaritalStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Single => "single",
            Self::Married => "married",
            Self::Divorced => "divorced",
            Self::Widowed => "widowed",
        }
    }
}

/// A member's relation to the head of their household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Head,
    Wife,
    Husband,
    Son,
    Daughter,
    DaughterInLaw,
    SonInLaw,
    Grandchild,
    Father,
    Mother,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 11] = [
        Self::Head,
        Self::Wife,
        Self::Husband,
        Self::Son,
        Self::Daughter,
        Self::DaughterInLaw,
        Self::SonInLaw,
        Self::Grandchild,
        Self::Father,
        Self::Mother,
        Self::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Head => "head",
            Self::Wife => "wife",
            Self::Husband => "husband",
            Self::Son => "son",
            Self::Daughter => "daughter",
            Self::DaughterInLaw => "daughter_in_law",
            Self::SonInLaw => "son_in_law",
            Self::Grandchild => "grandchild",
            Self::Father => "father",
            Self::Mother => "mother",
            Self::Other => "other",
        }
    }

    /// The wording on a residence record.
    pub fn label_vi(self) -> &'static str {
        match self {
            Self::Head => "Chủ hộ",
            Self::Wife => "Vợ",
            Self::Husband => "Chồng",
            Self::Son | Self::Daughter => "Con",
            Self::DaughterInLaw => "Con dâu",
            Self::SonInLaw => "Con rể",
            Self::Grandchild => "Cháu",
            Self::Father => "Cha",
            Self::Mother => "Mẹ",
            Self::Other => "Khác",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|relation| relation.code() == code)
    }

    pub fn child(sex: Sex) -> Self {
        match sex {
            Sex::Male => Self::Son,
            Sex::Female => Self::Daughter,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub province: u16,
    pub commune: &'static str,
    pub street: String,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub surname: &'static str,
    pub middle_name: &'static str,
    pub given_name: &'static str,
    pub sex: Sex,
    pub date_of_birth: Date,
    pub birth_province: u16,
    pub place_of_birth: String,
    pub home_town: String,
    pub ethnicity: &'static str,
    pub religion: &'static str,
    pub blood_type: Option<&'static str>,
    pub old_id_number: Option<String>,
    pub marital: MaritalStatus,
    pub father: Option<usize>,
    pub mother: Option<usize>,
    pub spouse: Option<usize>,
    pub household: Option<usize>,
    pub relation: Option<Relation>,
    pub temporary: Option<(Address, Date)>,
    pub tax_code: Option<String>,
    pub phone: String,
}

#[derive(Debug, Clone)]
pub struct Household {
    pub head: usize,
    pub address: Address,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LicenceStatus {
    Active,
    Lost,
    Replaced,
}

impl LicenceStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Lost => "lost",
            Self::Replaced => "replaced",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Licence {
    pub number: String,
    pub holder: usize,
    pub classes: Vec<LicenceClass>,
    pub province: u16,
    pub issued_on: Date,
    pub expires_on: Option<Date>,
    pub status: LicenceStatus,
}

#[derive(Debug, Clone)]
pub struct SignedHealthCheck {
    pub check: crate::health_check::HealthCheck,
    pub signature: String,
}

#[derive(Debug, Clone)]
pub struct BirthNotice {
    pub number: String,
    pub mother: usize,
    pub father: Option<usize>,
    pub child_sex: Sex,
    pub weight_grams: i64,
    pub born_at: PrimitiveDateTime,
    pub facility: &'static crate::facilities::Facility,
    pub temporary_insurance_code: String,
}

#[derive(Debug, Clone)]
pub struct InsuranceCard {
    pub number: String,
    pub holder: usize,
    pub group: &'static str,
    pub level: u8,
    pub province: u16,
    pub valid_from: Date,
    pub valid_to: Date,
}

#[derive(Debug, Clone)]
pub struct Marriage {
    pub certificate_number: String,
    pub husband: usize,
    pub wife: usize,
    pub registered_on: Date,
    pub place: String,
}

#[derive(Debug, Clone)]
pub struct Vehicle {
    pub plate: String,
    pub owner: usize,
    pub kind: &'static str,
    pub model: &'static str,
    pub registered_on: Date,
}

#[derive(Debug, Clone)]
pub struct Fine {
    pub id: String,
    pub plate: String,
    pub offence: &'static str,
    pub amount_vnd: i64,
    pub detected_at: PrimitiveDateTime,
    pub place: String,
    pub paid_on: Option<Date>,
}

/// A bill a hospital sent for a patient's treatment: what the health insurance pays and what is
/// left for the patient. The hospital knows the patient by the personal ID number, or only by the
/// health-insurance card they were treated on (a young child's card, say).
#[derive(Debug, Clone)]
pub struct HospitalBill {
    pub id: String,
    pub hospital: &'static str,
    pub patient: Option<usize>,
    pub card_number: Option<String>,
    pub treatment: &'static str,
    pub issued_on: Date,
    pub total_vnd: i64,
    pub insurance_vnd: i64,
    pub paid_on: Option<Date>,
}

#[derive(Debug, Clone)]
pub struct ElectricityContract {
    pub number: String,
    pub holder: usize,
    pub address: String,
    pub province: u16,
    pub started_on: Date,
}

/// Everything generated, ready to be written.
#[derive(Debug, Default)]
pub struct Population {
    pub people: Vec<Person>,
    pub households: Vec<Household>,
    pub licences: Vec<Licence>,
    pub health_checks: Vec<SignedHealthCheck>,
    pub birth_notices: Vec<BirthNotice>,
    pub insurance_cards: Vec<InsuranceCard>,
    pub marriages: Vec<Marriage>,
    pub vehicles: Vec<Vehicle>,
    pub fines: Vec<Fine>,
    pub electricity_contracts: Vec<ElectricityContract>,
    pub hospital_bills: Vec<HospitalBill>,
}
