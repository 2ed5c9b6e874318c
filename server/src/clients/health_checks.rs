//! Drivers' health checks arrive from hospitals signed with each facility's Ed25519 key. The portal
//! trusts none it has not verified itself: it rebuilds the signed text from the record's fields
//! (never from a payload the record carries) and checks the signature with the facility's
//! published key. Each record in a draft's context is marked `signature_valid`.

use crate::state::AppState;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::time::Duration;

#[derive(Deserialize)]
struct Facility {
    id: String,
    public_key: String,
}

/// Facilities' published keys, fetched from the registry when needed.
pub async fn facility_keys(state: &AppState) -> Option<HashMap<String, VerifyingKey>> {
    let response = reqwest::Client::new()
        .get(format!(
            "{}/v1/health-facilities",
            state.config.registry_url.trim_end_matches('/')
        ))
        .bearer_auth(&state.config.registry_secret)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .ok()?;
    let facilities: Vec<Facility> = response.json().await.ok()?;
    Some(
        facilities
            .into_iter()
            .filter_map(|facility| {
                let bytes: [u8; 32] = STANDARD
                    .decode(&facility.public_key)
                    .ok()?
                    .try_into()
                    .ok()?;
                Some((facility.id, VerifyingKey::from_bytes(&bytes).ok()?))
            })
            .collect(),
    )
}

/// The text a facility signs: `health-check/v1|certificate|facility|personal ID|examined on|class
/// group|result|valid until`.
pub fn signed_text(record: &Value) -> Option<String> {
    let field = |name: &str| record[name].as_str();
    Some(format!(
        "health-check/v1|{}|{}|{}|{}|{}|{}|{}",
        field("certificate_id")?,
        field("facility_id")?,
        field("personal_id")?,
        field("examined_on")?,
        field("class_group")?,
        field("result")?,
        field("valid_until")?,
    ))
}

pub fn signature_is_valid(record: &Value, keys: &HashMap<String, VerifyingKey>) -> bool {
    let (Some(text), Some(facility), Some(signature)) = (
        signed_text(record),
        record["facility_id"].as_str(),
        record["signature"].as_str(),
    ) else {
        return false;
    };
    let Some(key) = keys.get(facility) else {
        return false;
    };
    let Ok(bytes) = STANDARD.decode(signature) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(&bytes) else {
        return false;
    };
    key.verify(text.as_bytes(), &signature).is_ok()
}

/// Marks every record of a health-check list with `signature_valid`. Without the keys (registry
/// unreachable) nothing can be trusted, so every record is marked invalid.
pub fn mark(records: &mut Value, keys: Option<&HashMap<String, VerifyingKey>>) {
    if let Some(list) = records.as_array_mut() {
        for record in list {
            let valid = keys.is_some_and(|keys| signature_is_valid(record, keys));
            record["signature_valid"] = Value::Bool(valid);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use serde_json::json;

    fn signed_record(key: &SigningKey) -> Value {
        let mut record = json!({
            "certificate_id": "KSK-1", "facility_id": "bv-cho-ray", "personal_id": "079203001234",
            "examined_on": "2026-10-01", "class_group": "car", "result": "fit", "valid_until": "2027-10-01",
        });
        let signature = key.sign(signed_text(&record).unwrap().as_bytes());
        record["signature"] = json!(STANDARD.encode(signature.to_bytes()));
        record
    }

    #[test]
    fn genuine_records_verify_and_altered_or_foreign_ones_do_not() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let keys = HashMap::from([("bv-cho-ray".to_string(), key.verifying_key())]);
        let genuine = signed_record(&key);
        assert!(signature_is_valid(&genuine, &keys));

        let mut altered = genuine.clone();
        altered["result"] = json!("fit ");
        assert!(!signature_is_valid(&altered, &keys));
        altered = genuine.clone();
        altered["valid_until"] = json!("2030-01-01");
        assert!(!signature_is_valid(&altered, &keys));

        let forged = signed_record(&SigningKey::from_bytes(&[8; 32]));
        assert!(!signature_is_valid(&forged, &keys));

        let mut list = json!([genuine, forged]);
        mark(&mut list, Some(&keys));
        assert_eq!(list[0]["signature_valid"], true);
        assert_eq!(list[1]["signature_valid"], false);
    }
}
