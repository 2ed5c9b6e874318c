//! Requests that come again, over real HTTP: a hand-over compared in its canonical form
//! however its JSON was laid out.

mod support;

use reqwest::StatusCode;
use support::{config, Agency};

/// A hand-over with nested answers and facts, its keys in the order given.
fn laid_out(answers: &str, facts: &str) -> Vec<u8> {
    format!(
        r#"{{"service":"id-card","province":1,"applicant_id":"001090000001",
        "subject_id":"001090000001","acting_for":null,"answers":{answers},"facts":{facts},
        "documents":[],"payment":null,"submitted_at":"2026-12-05T09:01:00+07:00"}}"#
    )
    .into_bytes()
}

#[tokio::test]
async fn a_hand_over_is_the_same_whatever_its_key_order_and_number_spelling() {
    let agency = Agency::start(config(None)).await;
    let first = laid_out(
        r#"{"copies":1,"delivery":{"kind":"post","address":{"ward":"A","street":"B"}}}"#,
        r#"{"person":{"full_name":"An","born":{"year":1990,"month":1}}}"#,
    );
    let answer = agency.hand_over_raw("HS-SAME", first).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.body);
    let again = laid_out(
        r#"{"delivery":{"address":{"street":"B","ward":"A"},"kind":"post"},"copies":1.0}"#,
        r#"{"person":{"born":{"month":1.0,"year":1990},"full_name":"An"}}"#,
    );
    let answer = agency.hand_over_raw("HS-SAME", again).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let changed = laid_out(
        r#"{"copies":2,"delivery":{"kind":"post","address":{"ward":"A","street":"B"}}}"#,
        r#"{"person":{"full_name":"An","born":{"year":1990,"month":1}}}"#,
    );
    agency
        .hand_over_raw("HS-SAME", changed)
        .await
        .assert_error(StatusCode::CONFLICT, "reference_conflict");
    agency.stop().await;
}
