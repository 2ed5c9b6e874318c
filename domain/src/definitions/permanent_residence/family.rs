//! What the registry's household and family links say about joining a household: whether the
//! applicant heads their current one, or one others still live in, and whether the relation they
//! state to the new head agrees with the links.

use crate::definitions::sources::{HOUSEHOLD, PERSON, RELATIVES};
use crate::engine::{Answers, Context};

/// Whether `id` heads the applicant's current household, as the registry holds it.
pub(super) fn is_current_head(context: &Context, id: &str) -> bool {
    HOUSEHOLD
        .read(context)
        .is_some_and(|household| household.head_id == id)
}

/// True when the applicant heads a household others still live in: it needs a new head first.
pub(super) fn heads_others(context: &Context) -> bool {
    let own = PERSON
        .read(context)
        .map(|person| person.personal_id)
        .unwrap_or_default();
    HOUSEHOLD.read(context).is_some_and(|household| {
        household.head_id == own
            && household
                .members
                .iter()
                .any(|member| member.personal_id != own)
    })
}

/// What the registry's family links say about the stated relation to the head, when it knows:
/// `Some(false)` when they contradict it.
pub(super) fn relation_matches(answers: &Answers, context: &Context) -> Option<bool> {
    let head = answers.get("head_id")?;
    let is_head = |id: &Option<String>| id.as_deref() == Some(head);
    let (sex, is_child_of_head, is_spouse_of_head) = match PERSON.read(context) {
        Some(person) => (
            person.sex,
            is_head(&person.father_id) || is_head(&person.mother_id),
            is_head(&person.spouse_id),
        ),
        None => (String::new(), false, false),
    };
    let is_parent_of_head = RELATIVES.read(context).is_some_and(|relatives| {
        relatives
            .children
            .iter()
            .any(|child| child.personal_id == head)
    });
    match answers.get("relation")? {
        "wife" => Some(sex == "female" && is_spouse_of_head),
        "husband" => Some(sex == "male" && is_spouse_of_head),
        "son" => Some(sex == "male" && is_child_of_head),
        "daughter" => Some(sex == "female" && is_child_of_head),
        "father" => Some(sex == "male" && is_parent_of_head),
        "mother" => Some(sex == "female" && is_parent_of_head),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::records::samples;
    use serde_json::{json, Value};

    const HEAD: &str = "079160000456";

    /// The applicant's record with `person`'s fields, and the children the registry links to them.
    fn context(person: Value, children: &[&str]) -> Context {
        let mut context = Context::default();
        context.insert(PERSON.source.key, samples::person(person));
        let children: Vec<Value> = children
            .iter()
            .map(|id| samples::relative(json!({ "personal_id": id })))
            .collect();
        context.insert(
            RELATIVES.source.key,
            samples::relatives(json!({ "children": children })),
        );
        context
    }

    fn stated(relation: &str, context: &Context) -> Option<bool> {
        relation_matches(
            &answers(&[("head_id", HEAD), ("relation", relation)]),
            context,
        )
    }

    #[test]
    fn a_stated_relation_must_agree_with_the_family_links() {
        let wife = context(json!({ "sex": "female", "spouse_id": HEAD }), &[]);
        assert_eq!(stated("wife", &wife), Some(true));
        assert_eq!(stated("husband", &wife), Some(false));
        assert_eq!(stated("daughter", &wife), Some(false));
        assert_eq!(stated("other", &wife), None);
        let son = context(json!({ "sex": "male", "mother_id": HEAD }), &[]);
        assert_eq!(stated("son", &son), Some(true));
        assert_eq!(stated("father", &son), Some(false));
        let father = context(json!({ "sex": "male" }), &[HEAD]);
        assert_eq!(stated("father", &father), Some(true));
        assert_eq!(stated("mother", &father), Some(false));
        assert_eq!(stated("son", &father), Some(false));
    }
}
