//! The registry's JSON: the typed records the account page reads (a person, a household,
//! relatives) and the untyped answers every service keeps in a draft's context and reads with
//! its own code (choices, prefilled facts, eligibility, readiness, fees, cross-checks, a
//! decision's writes and lines). The input is one JSON document; an object stands for a whole
//! context, one key per registry source.

#![no_main]

use domain::definitions::{self, common::display_date};
use domain::engine::{Answers, Context, Definition, Kind, RegistryCheck, Submitted};
use domain::records::{Household, Person, Relative, Relatives};
use domain::text::Lang;
use domain_fuzz::{has_float, TODAY};
use libfuzzer_sys::fuzz_target;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};
use std::fmt::Debug;

fuzz_target!(|data: &[u8]| {
    records(data);
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return;
    };
    let mut context = match value {
        Value::Object(map) => Context(map.into_iter().collect()),
        // Any other document stands where a person's record goes.
        other => {
            let mut context = Context::default();
            context.insert("person", other);
            context
        }
    };
    if matches!(context.get("today"), Value::Null) {
        context.insert("today", json!(TODAY.to_string()));
    }
    drafts_keep(&context);
    for definition in definitions::all() {
        service(definition, &context);
    }
});

/// A record the portal deserialises reads back from its own JSON as the same record.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(data: &[u8]) -> Option<T> {
    let record: T = serde_json::from_slice(data).ok()?;
    let json = serde_json::to_vec(&record).expect("a record serialises");
    let again: T = serde_json::from_slice(&json).expect("a record reads its own JSON");
    assert_eq!(again, record);
    Some(record)
}

fn records(data: &[u8]) {
    // Showing a record's dates never fails, whatever the registry sent.
    let dates = |date: &str| {
        for lang in Lang::ALL {
            display_date(date, lang);
        }
    };
    if let Some(person) = round_trip::<Person>(data) {
        dates(&person.date_of_birth);
        if let Some(temporary) = person.temporary_residence {
            dates(&temporary.until);
        }
    }
    if let Some(household) = round_trip::<Household>(data) {
        household
            .members
            .iter()
            .for_each(|m| dates(&m.date_of_birth));
    }
    if let Some(relatives) = round_trip::<Relatives>(data) {
        relatives
            .children
            .iter()
            .for_each(|c| dates(&c.date_of_birth));
    }
    round_trip::<Relative>(data);
}

/// A draft is stored as JSON and read back on the next request: the context must survive that
/// unchanged (floats aside, whose shortest text form serde_json need not read back bit-exact).
fn drafts_keep(context: &Context) {
    let json = serde_json::to_string(context).expect("a context serialises");
    let again: Context = serde_json::from_str(&json).expect("a context reads its own JSON");
    if !context.0.values().any(has_float) {
        assert_eq!(&again, context);
    }
}

/// Everything a service computes from registry data alone, or with one answer per choice
/// question (its first option), runs without a panic; its results hold the properties the
/// pages rely on.
fn service(definition: &'static Definition, context: &Context) {
    if let Some(eligibility) = definition.eligibility {
        let _ = eligibility(context);
    }
    for prefilled in definition.prefilled {
        for lang in Lang::ALL {
            let _ = (prefilled.value)(context, lang);
        }
    }
    let mut first_choices = Answers::default();
    for step in definition.steps {
        for question in step.questions {
            if let Kind::Choice(options) | Kind::Choices(options) = question.kind {
                let vi = options.choices(context, Lang::Vi);
                let en = options.choices(context, Lang::En);
                // The value stored from the Vietnamese page must be named on the English one.
                let values = |choices: &[domain::engine::Choice]| {
                    choices.iter().map(|c| c.value.clone()).collect::<Vec<_>>()
                };
                assert_eq!(
                    values(&vi),
                    values(&en),
                    "{}: {}",
                    definition.slug(),
                    question.id
                );
                if let Some(first) = vi.first() {
                    first_choices.set(question.id, first.value.clone());
                }
            }
        }
    }
    for answers in [Answers::default(), first_choices] {
        with_answers(definition, context, &answers);
    }
}

fn with_answers(definition: &'static Definition, context: &Context, answers: &Answers) {
    definition.next_step(answers, context);
    for step in definition.asked_steps(answers, context) {
        definition.step_after(step.id, answers, context);
        if let Some(validate) = step.validate {
            for (field, _) in validate(answers, context) {
                assert!(step.questions.iter().any(|q| q.id == field));
            }
        }
        for check in step.checks {
            if let RegistryCheck::PersonMeets { rule, .. } = check {
                // The other person's record, as the registry returned it.
                let _ = rule(context.get("verified"), answers, context);
            }
        }
    }
    if let Some(ready) = definition.ready {
        let _ = ready(answers, context);
    }
    if let Some(consent) = definition.consent {
        let _ = consent(&submitted(answers, context));
    }
    let fee = (definition.fee)(answers, context);
    assert_ne!(fee, Some(0), "{}: a fee of 0 đ", definition.slug());
    if definition.slug() == "traffic-fines" && answers.get("fine").is_some() {
        // The fine was offered as unpaid: paying it must go through the payment gateway.
        assert!(
            fee.is_some(),
            "an offered fine with no amount to pay: {context:?}"
        );
    }
    let submitted = submitted(answers, context);
    let writes = (definition.effects.writes)(&submitted);
    let responses: Vec<Value> = context.list("responses").to_vec();
    let lines = (definition.effects.outcome)(&submitted, &responses);
    let _ = (writes.len(), lines.len());
}

fn submitted<'a>(answers: &'a Answers, context: &'a Context) -> Submitted<'a> {
    Submitted {
        answers,
        context,
        subject_id: "079090001234",
        reference: "HS-2026-000001",
    }
}
