//! The engine's check of posted answers, question by question, across every service: what it
//! accepts is stored in its kind's canonical form, checks again as itself, shows on the page in
//! a form that posts back unchanged, and can be named on the check-your-answers page. Then the
//! service's own rules run on what was stored, and the draft survives its JSON round trip.

#![no_main]

use domain::definitions;
use domain::definitions::common::PLATE;
use domain::definitions::driving_licence::LICENCE_NUMBER;
use domain::engine::{validation, Answers, Kind};
use domain_fuzz::{
    answer_definition, check_and_assert, question, raw_answer, sample_context, TODAY,
};
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;

/// One question of every kind with the limits the services use, for raw text input.
const KINDS: [Kind; 9] = [
    Kind::Text { max_chars: 200 },
    Kind::LongText { max_chars: 1000 },
    Kind::PersonName { max_chars: 50 },
    Kind::Number {
        min: 0,
        max: 1_000_000_000,
    },
    Kind::PersonalId,
    Kind::Code(LICENCE_NUMBER),
    Kind::Code(PLATE),
    Kind::Phone,
    Kind::Email,
];

fuzz_target!(|data: &[u8]| {
    let context = sample_context();
    if let Ok(typed) = std::str::from_utf8(data) {
        for kind in KINDS {
            for optional in [false, true] {
                check_and_assert(&question(kind, optional), typed, &context);
            }
        }
        // An absent field is the same as an empty one.
        for kind in KINDS {
            let required = validation::check(&question(kind, false), None, &context, TODAY);
            assert!(required.is_err());
            let optional = validation::check(&question(kind, true), None, &context, TODAY);
            assert_eq!(optional, Ok(String::new()));
        }
    }
    let _ = service(&mut Unstructured::new(data));
});

/// A whole service answered as a citizen might, each answer checked before it is stored.
fn service(u: &mut Unstructured) -> Result<()> {
    let definition = *u.choose(definitions::all())?;
    let context = sample_context();
    let answers = answer_definition(u, definition, &context)?;
    // The journey moves on from any set of stored answers.
    definition.next_step(&answers, &context);
    for step in definition.asked_steps(&answers, &context) {
        definition.step_after(step.id, &answers, &context);
    }
    // Drafts are stored as JSON between requests.
    let json = serde_json::to_string(&answers).expect("answers serialise");
    let again: Answers = serde_json::from_str(&json).expect("answers read their own JSON");
    assert_eq!(again, answers);
    // One more question, answered with whatever the input has left, on a question of the
    // service picked at random: the same properties hold for the service's own limits.
    let questions: Vec<_> = definition
        .steps
        .iter()
        .flat_map(|step| step.questions)
        .collect();
    let question = *u.choose(&questions)?;
    let raw = raw_answer(u, question, &context)?;
    check_and_assert(question, &raw, &context);
    Ok(())
}
