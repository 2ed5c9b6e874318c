//! The registry data several services read: each is declared once here, and a service lists the
//! ones it needs. Data only one service reads is declared in that service's module.

use crate::engine::{Record, Records, Source};
use crate::records::{ElectricityContract, Household, InsuranceCard, Person, Relatives, Vehicle};

/// The applicant's record in the population database (name, ID number, date of birth, address).
pub const PERSON: Record<Person> = Record::new(Source::new("person", "/v1/people/get"));

/// The household the applicant belongs to, with its head and members.
pub const HOUSEHOLD: Record<Household> =
    Record::new(Source::new("household", "/v1/households/get"));

/// The applicant's parents, spouse and children.
pub const RELATIVES: Record<Relatives> =
    Record::new(Source::new("relatives", "/v1/people/relatives"));

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Context;
    use crate::records::samples;
    use crate::records::{Address, Member, Relative};
    use serde_json::{json, Value};

    fn sample_address() -> Address {
        Address {
            province_code: 79,
            province_name: "TP Hồ Chí Minh".into(),
            commune: "Phường Bến Nghé".into(),
            street: "12 Lê Lợi".into(),
            full: "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh".into(),
        }
    }

    #[test]
    fn the_person_reads_as_the_registry_returns_it() {
        let mut context = Context::default();
        let mut temporary = samples::address(json!({}));
        temporary["until"] = json!("2027-06-30");
        context.insert(
            PERSON.source.key,
            samples::person(json!({
                "old_id_number": "025123456", "tax_code": "8012345678", "phone": "0912345678",
                "father_id": "079060001111", "spouse_id": "079192002345",
                "temporary_residence": temporary,
            })),
        );
        let person = PERSON.read(&context).expect("a whole record reads");
        assert_eq!(person.personal_id, "079090001234");
        assert_eq!(person.full_name, "Nguyễn Văn An");
        assert_eq!(person.date_of_birth, "1990-06-05");
        assert_eq!(person.old_id_number.as_deref(), Some("025123456"));
        assert_eq!(person.tax_code.as_deref(), Some("8012345678"));
        assert_eq!(person.phone.as_deref(), Some("0912345678"));
        assert_eq!(person.father_id.as_deref(), Some("079060001111"));
        assert_eq!(person.mother_id, None);
        assert_eq!(person.spouse_id.as_deref(), Some("079192002345"));
        assert_eq!(person.permanent_residence, Some(sample_address()));
        let temporary = person
            .temporary_residence
            .expect("the temporary residence reads");
        assert_eq!(
            (temporary.address, temporary.until.as_str()),
            (sample_address(), "2027-06-30")
        );
    }

    #[test]
    fn the_household_reads_as_the_registry_returns_it() {
        let mut context = Context::default();
        let child = json!({ "personal_id": "079222003456", "full_name": "Nguyễn Văn Cường",
                            "date_of_birth": "2022-01-02", "relation_to_head": "child", "relation_label": "Con" });
        let members = json!([samples::member(json!({})), samples::member(child)]);
        context.insert(
            HOUSEHOLD.source.key,
            samples::household(json!({ "members": members })),
        );
        let household = HOUSEHOLD.read(&context).expect("a whole record reads");
        assert_eq!(household.residence_file_number, "HS-79-000007");
        assert_eq!(household.head_id, "079090001234");
        assert_eq!(household.address, sample_address());
        assert_eq!(
            household.members[1],
            Member {
                personal_id: "079222003456".into(),
                full_name: "Nguyễn Văn Cường".into(),
                date_of_birth: "2022-01-02".into(),
                sex: "male".into(),
                relation_to_head: "child".into(),
                relation_label: "Con".into(),
            }
        );
    }

    #[test]
    fn the_relatives_read_as_the_registry_returns_them() {
        let mut context = Context::default();
        let father = samples::relative(json!({ "alive": false }));
        context.insert(
            RELATIVES.source.key,
            samples::relatives(json!({ "father": father })),
        );
        let relatives = RELATIVES.read(&context).expect("a whole record reads");
        assert_eq!(
            relatives.father,
            Some(Relative {
                personal_id: "079060001111".into(),
                full_name: "Nguyễn Văn Ba".into(),
                date_of_birth: "1960-01-01".into(),
                sex: "male".into(),
                alive: false,
            })
        );
        assert_eq!(relatives.mother, None);
        assert!(relatives.children.is_empty());
    }

    #[test]
    fn a_record_not_read_not_found_or_missing_a_field_is_none() {
        let mut context = Context::default();
        assert_eq!(PERSON.read(&context), None);
        // The server keeps a record the registry did not find as null.
        context.insert(HOUSEHOLD.source.key, Value::Null);
        assert_eq!(HOUSEHOLD.read(&context), None);
        context.insert(PERSON.source.key, json!({ "full_name": "Nguyễn Văn An" }));
        assert_eq!(PERSON.read(&context), None);
    }
}
