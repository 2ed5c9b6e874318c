//! The registry data several services read: each is declared once here, and a service lists the
//! ones it needs. Data only one service reads is declared in that service's module.

use crate::engine::{Records, Source};
use crate::records::{ElectricityContract, InsuranceCard, Vehicle};

/// The applicant's record in the population database (name, ID number, date of birth, address).
pub const PERSON: Source = Source::new("person", "/v1/people/get");

/// The household the applicant belongs to, with its head and members.
pub const HOUSEHOLD: Source = Source::new("household", "/v1/households/get");

/// The applicant's parents, spouse and children.
pub const RELATIVES: Source = Source::new("relatives", "/v1/people/relatives");

/// The applicant's health-insurance cards.
pub const INSURANCE_CARDS: Records<InsuranceCard> =
    Records::new(Source::new("insurance_cards", "/v1/insurance-cards/list"));

/// The vehicles registered in the applicant's name.
pub const VEHICLES: Records<Vehicle> = Records::new(Source::new("vehicles", "/v1/vehicles/list"));

/// The electricity contracts the applicant holds.
pub const ELECTRICITY_CONTRACTS: Records<ElectricityContract> = Records::new(Source::new(
    "electricity_contracts",
    "/v1/electricity-contracts/list",
));
