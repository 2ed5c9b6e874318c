//! The definitions of the 25 services the engine runs, one module per service.

pub mod common;
mod temporary_residence;

use crate::engine::Definition;

static ALL: [&Definition; 1] = [&temporary_residence::DEFINITION];

/// The definition of a service of the catalogue, by slug.
pub fn by_slug(slug: &str) -> Option<&'static Definition> {
    ALL.iter().copied().find(|definition| definition.slug == slug)
}

pub fn all() -> &'static [&'static Definition] {
    &ALL
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue;
    use std::collections::HashSet;

    #[test]
    fn every_definition_is_a_catalogue_service_with_unique_step_and_question_ids() {
        for definition in all() {
            assert!(catalogue::by_slug(definition.slug).is_some(), "{}", definition.slug);
            let steps: HashSet<_> = definition.steps.iter().map(|step| step.id).collect();
            assert_eq!(steps.len(), definition.steps.len(), "{}", definition.slug);
            let questions: Vec<_> = definition
                .steps
                .iter()
                .flat_map(|step| step.questions.iter().map(|q| q.id))
                .collect();
            let unique: HashSet<_> = questions.iter().collect();
            assert_eq!(unique.len(), questions.len(), "{}", definition.slug);
            assert!(!definition.steps.is_empty(), "{}", definition.slug);
        }
    }
}
