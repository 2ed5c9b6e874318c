//! Records signed by the bodies that issue them (a hospital's health check), for every source
//! that declares its records signed. The portal trusts none it has not verified itself: it
//! rebuilds the signed text from the record's fields (never from a payload the record carries)
//! and checks the Ed25519 signature with the signer's published key. Each record in a draft's
//! context is marked `signature_valid`.

use crate::state::AppState;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use domain::engine::{SignedRecords, SIGNATURE_VALID};
use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Deserialize)]
struct Signer {
    id: String,
    public_key: String,
}

/// The signers' published keys, fetched from the registry when needed.
async fn published_keys(
    state: &AppState,
    signed: &SignedRecords,
) -> Option<HashMap<String, VerifyingKey>> {
    let response = state.registry.published(signed.keys).await.ok()?;
    let signers: Vec<Signer> = response.json().await.ok()?;
    Some(
        signers
            .into_iter()
            .filter_map(|signer| {
                let bytes: [u8; 32] = STANDARD.decode(&signer.public_key).ok()?.try_into().ok()?;
                Some((signer.id, VerifyingKey::from_bytes(&bytes).ok()?))
            })
            .collect(),
    )
}

fn signature_is_valid(
    record: &Value,
    signed: &SignedRecords,
    keys: &HashMap<String, VerifyingKey>,
) -> bool {
    let (Some(text), Some(signer), Some(signature)) = (
        signed.signed_text(record),
        record[signed.signer].as_str(),
        record[signed.signature].as_str(),
    ) else {
        return false;
    };
    let Some(key) = keys.get(signer) else {
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

/// Marks every record of a list with `signature_valid`. Without the keys (registry unreachable)
/// nothing can be trusted, so every record is marked invalid.
fn mark_with(
    records: &mut Value,
    signed: &SignedRecords,
    keys: Option<&HashMap<String, VerifyingKey>>,
) {
    if let Some(list) = records.as_array_mut() {
        for record in list {
            let valid = keys.is_some_and(|keys| signature_is_valid(record, signed, keys));
            record[SIGNATURE_VALID] = Value::Bool(valid);
        }
    }
}

/// Verifies every record of a signed source's list against the keys its signers publish.
pub async fn mark(state: &AppState, signed: &SignedRecords, records: &mut Value) {
    let keys = published_keys(state, signed).await;
    mark_with(records, signed, keys.as_ref());
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};
    use serde_json::json;

    /// A signed record kind as a source would declare it.
    const PERMITS: SignedRecords = SignedRecords {
        keys: "/v1/issuers",
        signer: "issuer_id",
        prefix: "permit/v1",
        fields: &[
            "permit_id",
            "issuer_id",
            "personal_id",
            "result",
            "valid_until",
        ],
        signature: "signature",
    };

    fn signed_record(key: &SigningKey) -> Value {
        let mut record = json!({
            "permit_id": "P-1", "issuer_id": "office-1", "personal_id": "079203001234",
            "result": "granted", "valid_until": "2027-10-01",
        });
        let signature = key.sign(PERMITS.signed_text(&record).unwrap().as_bytes());
        record["signature"] = json!(STANDARD.encode(signature.to_bytes()));
        record
    }

    #[test]
    fn genuine_records_verify_and_altered_or_foreign_ones_do_not() {
        let key = SigningKey::from_bytes(&[7; 32]);
        let keys = HashMap::from([("office-1".to_string(), key.verifying_key())]);
        let genuine = signed_record(&key);
        assert!(signature_is_valid(&genuine, &PERMITS, &keys));

        let mut altered = genuine.clone();
        altered["result"] = json!("granted ");
        assert!(!signature_is_valid(&altered, &PERMITS, &keys));
        altered = genuine.clone();
        altered["valid_until"] = json!("2030-01-01");
        assert!(!signature_is_valid(&altered, &PERMITS, &keys));
        altered = genuine.clone();
        altered["issuer_id"] = json!("office-2");
        assert!(!signature_is_valid(&altered, &PERMITS, &keys));

        let forged = signed_record(&SigningKey::from_bytes(&[8; 32]));
        assert!(!signature_is_valid(&forged, &PERMITS, &keys));

        let mut list = json!([genuine, forged]);
        mark_with(&mut list, &PERMITS, Some(&keys));
        assert_eq!(list[0]["signature_valid"], true);
        assert_eq!(list[1]["signature_valid"], false);

        mark_with(&mut list, &PERMITS, None);
        assert_eq!(list[0]["signature_valid"], false);
    }
}
