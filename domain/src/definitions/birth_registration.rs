//! Service 9: birth registration on its own — the birth certificate and the child's personal ID,
//! for parents who register residence and insurance separately. It asks what the newborn bundle
//! asks and writes only the birth.

use super::common::{DECLARATION, PARENT, SIGN_IN_LEVEL_2};
use super::newborn::{
    birth_outcome, has_open_notice, notice_concerned, notice_still_open, register_birth, PREFILLED,
    SOURCES, STEPS,
};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{Concerns, Definition, Effects};
use crate::text::Text;
use serde_json::Value;

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 9,
        slug: "birth-registration",
        procedure_code: Some("1.001193"),
        name: Text::new("Đăng ký khai sinh", "Register a birth"),
        summary: Text::new(
            "Đăng ký khai sinh cho con và nhận giấy khai sinh điện tử.",
            "Register your child's birth and receive an electronic birth certificate.",
        ),
        life_event: LifeEvent::HavingABaby,
        agency: Agency::CommuneJustice,
        who_can_use: PARENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Giấy chứng sinh (bệnh viện gửi điện tử)",
                "The birth notice (sent electronically by the hospital)",
            ),
        ],
        fee: Text::new(
            "Miễn phí khi đăng ký đúng hạn",
            "Free when registered on time",
        ),
        time_limit: Text::new("Trong ngày làm việc", "The same working day"),
    },
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
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |submitted| register_birth(submitted).into_iter().collect(),
        outcome: |_, responses| birth_outcome(responses.first().unwrap_or(&Value::Null)),
    },
};
