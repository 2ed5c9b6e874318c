//! Service 9: birth registration on its own — the birth certificate and the child's personal ID,
//! for parents who register residence and insurance separately. It asks what the newborn bundle
//! asks and writes only the birth.

use super::common::DECLARATION;
use super::newborn::{
    birth_outcome, has_open_notice, notice_concerned, notice_still_open, register_birth, PREFILLED,
    SOURCES, STEPS,
};
use crate::engine::{Concerns, Definition, Effects};
use serde_json::Value;

pub static DEFINITION: Definition = Definition {
    slug: "birth-registration",
    subjects: crate::engine::APPLICANT_ONLY,
    sources: SOURCES,
    prefilled: &PREFILLED,
    steps: STEPS,
    fee: super::common::free,
    eligibility: Some(has_open_notice),
    ready: Some(notice_still_open),
    consent: None,
    more_information: None,
    concerns: Concerns::Object(notice_concerned),
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| register_birth(submitted).into_iter().collect(),
        outcome: |_, responses| birth_outcome(responses.first().unwrap_or(&Value::Null)),
    },
};
