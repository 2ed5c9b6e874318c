//! What the portal reads from the population database, as the registry's API describes it. Plain
//! data: the services' rules and the server read it, the pages display it.

use serde::{Deserialize, Serialize};

#[cfg(test)]
pub(crate) mod samples;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Address {
    pub province_code: i64,
    pub province_name: String,
    pub commune: String,
    pub street: String,
    /// The address as written on documents.
    pub full: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TemporaryResidence {
    #[serde(flatten)]
    pub address: Address,
    pub until: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub personal_id: String,
    pub full_name: String,
    pub surname: String,
    pub middle_name: String,
    pub given_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub place_of_birth: String,
    pub home_town: String,
    pub ethnicity: String,
    pub religion: String,
    pub nationality: String,
    /// The 9-digit ID-card (CMND) number held before the personal ID number, if any.
    pub old_id_number: Option<String>,
    pub marital_status: String,
    /// The personal ID numbers of the parents and the spouse the registry links to, if any.
    pub father_id: Option<String>,
    pub mother_id: Option<String>,
    pub spouse_id: Option<String>,
    pub household_id: Option<i64>,
    pub relation_to_head: Option<String>,
    pub permanent_residence: Option<Address>,
    pub temporary_residence: Option<TemporaryResidence>,
    /// `None` until the person registers for tax.
    pub tax_code: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub relation_to_head: String,
    /// The relation as worded on the residence record (Vietnamese); empty where the registry has
    /// no wording for it.
    #[serde(default)]
    pub relation_label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Household {
    pub household_id: i64,
    pub residence_file_number: String,
    pub head_id: String,
    pub address: Address,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relative {
    pub personal_id: String,
    pub full_name: String,
    pub date_of_birth: String,
    pub sex: String,
    pub alive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relatives {
    pub father: Option<Relative>,
    pub mother: Option<Relative>,
    pub spouse: Option<Relative>,
    pub children: Vec<Relative>,
}

/// A vehicle registered in the applicant's name: the portal shows which, and needs both fields
/// to do so.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Vehicle {
    pub plate: String,
    pub model: String,
}

/// An electricity contract the applicant holds, known by its customer code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ElectricityContract {
    pub contract_number: String,
    /// The supplied address as written on the contract; some pages do without it.
    pub address: Option<String>,
}

/// A health-insurance card of the applicant's. Its number carries the social-insurance number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InsuranceCard {
    pub card_number: String,
    /// The holder's group (`HT` for pensioners); a card without one is in no particular group.
    #[serde(default)]
    pub group_code: String,
    pub valid_to: String,
}
