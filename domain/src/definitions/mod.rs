//! The services the portal offers, one module per service: each module declares the service
//! whole (its catalogue entry, questions, checks and decision) and registers it in the one list
//! below, which the catalogue and the engine read. Adding a service is one new module and one
//! line in that list.

mod birth_registration;
pub mod common;
mod confirm_old_id_number;
mod death_bundle;
mod death_registration;
pub mod driving_licence;
mod electricity_connection;
mod electricity_contract_change;
mod exam_registration;
mod hospital_fees;
mod household_health_insurance;
mod id_card;
mod judicial_record;
mod land_title_change;
mod marriage_registration;
mod motorbike_registration;
mod newborn;
mod notify_stay;
mod official_seal;
mod passport;
mod permanent_residence;
mod seals;
pub mod sources;
mod special_seal;
mod tax_registration;
mod temporary_absence;
mod temporary_residence;
mod traffic_fines;
mod unemployment_benefit;

use crate::engine::Definition;

/// Every service, in the order of the appendix (the order of the catalogue and its lists).
static ALL: &[&Definition] = &[
    &confirm_old_id_number::DEFINITION,
    &id_card::DEFINITION,
    &permanent_residence::DEFINITION,
    &temporary_residence::DEFINITION,
    &temporary_absence::DEFINITION,
    &notify_stay::DEFINITION,
    &motorbike_registration::DEFINITION,
    &traffic_fines::DEFINITION,
    &birth_registration::DEFINITION,
    &death_registration::DEFINITION,
    &marriage_registration::DEFINITION,
    &passport::DEFINITION,
    &official_seal::DEFINITION,
    &special_seal::DEFINITION,
    &newborn::DEFINITION,
    &death_bundle::DEFINITION,
    &household_health_insurance::DEFINITION,
    &tax_registration::DEFINITION,
    &land_title_change::DEFINITION,
    &driving_licence::DEFINITION,
    &exam_registration::DEFINITION,
    &judicial_record::DEFINITION,
    &unemployment_benefit::DEFINITION,
    &electricity_connection::DEFINITION,
    &electricity_contract_change::DEFINITION,
    &hospital_fees::DEFINITION,
];

/// The definition of a service of the catalogue, by slug.
pub fn by_slug(slug: &str) -> Option<&'static Definition> {
    ALL.iter()
        .copied()
        .find(|definition| definition.slug() == slug)
}

pub fn all() -> &'static [&'static Definition] {
    ALL
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;
    use std::collections::HashSet;

    #[test]
    fn no_step_is_named_like_a_page_of_every_application() {
        // `/applications/{id}/{step}` shares its URL space with these pages.
        const RESERVED: [&str; 7] = [
            "check",
            "submit",
            "refresh",
            "payment",
            "confirmation",
            "decision.pdf",
            "information",
        ];
        for definition in all() {
            for step in definition.steps {
                assert!(
                    !RESERVED.contains(&step.id),
                    "{}: step id {}",
                    definition.slug(),
                    step.id
                );
            }
        }
    }

    #[test]
    fn every_catalogue_service_finds_its_definition() {
        for service in catalogue::all() {
            let definition = by_slug(service.slug).expect(service.slug);
            assert_eq!(&definition.service, service);
        }
        assert_eq!(catalogue::count(), all().len());
    }

    #[test]
    fn every_definition_has_unique_step_and_question_ids() {
        for definition in all() {
            let steps: HashSet<_> = definition.steps.iter().map(|step| step.id).collect();
            assert_eq!(steps.len(), definition.steps.len(), "{}", definition.slug());
            let questions: Vec<_> = definition
                .steps
                .iter()
                .flat_map(|step| step.questions.iter().map(|q| q.id))
                .collect();
            let unique: HashSet<_> = questions.iter().collect();
            assert_eq!(unique.len(), questions.len(), "{}", definition.slug());
            assert!(!definition.steps.is_empty(), "{}", definition.slug());
        }
    }
}
