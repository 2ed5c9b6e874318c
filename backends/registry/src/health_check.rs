//! A driver's health-check certificate and the canonical bytes its facility signs.
//!
//! The signed payload is the UTF-8 string
//! `health-check/v1|{certificate_id}|{facility_id}|{personal_id}|{examined_on}|{class_group}|{result}|{valid_until}`
//! with dates as `YYYY-MM-DD`, `class_group` one of `motorbike`, `car`, `truck_bus` and `result`
//! `fit` or `unfit`. The signature is Ed25519 over those bytes, sent as standard base64.

use base64::{engine::general_purpose::STANDARD, Engine};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassGroup {
    Motorbike,
    Car,
    TruckBus,
}

impl ClassGroup {
    pub fn code(self) -> &'static str {
        match self {
            Self::Motorbike => "motorbike",
            Self::Car => "car",
            Self::TruckBus => "truck_bus",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Motorbike, Self::Car, Self::TruckBus]
            .into_iter()
            .find(|group| group.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub certificate_id: String,
    pub facility_id: String,
    pub personal_id: String,
    pub examined_on: String,
    pub class_group: ClassGroup,
    pub fit: bool,
    pub valid_until: String,
}

impl HealthCheck {
    pub fn result_code(&self) -> &'static str {
        if self.fit {
            "fit"
        } else {
            "unfit"
        }
    }

    pub fn signed_payload(&self) -> String {
        format!(
            "health-check/v1|{}|{}|{}|{}|{}|{}|{}",
            self.certificate_id,
            self.facility_id,
            self.personal_id,
            self.examined_on,
            self.class_group.code(),
            self.result_code(),
            self.valid_until
        )
    }

    /// The base64 signature a facility attaches.
    pub fn sign(&self, key: &SigningKey) -> String {
        STANDARD.encode(key.sign(self.signed_payload().as_bytes()).to_bytes())
    }

    pub fn verify(&self, key: &VerifyingKey, signature_base64: &str) -> bool {
        let Ok(bytes) = STANDARD.decode(signature_base64) else {
            return false;
        };
        let Ok(signature) = Signature::from_slice(&bytes) else {
            return false;
        };
        key.verify(self.signed_payload().as_bytes(), &signature)
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facilities::signing_key;

    fn check() -> HealthCheck {
        HealthCheck {
            certificate_id: "GKSK-1".into(),
            facility_id: "BV-79-001".into(),
            personal_id: "079085001234".into(),
            examined_on: "2025-01-02".into(),
            class_group: ClassGroup::Car,
            fit: true,
            valid_until: "2026-01-02".into(),
        }
    }

    #[test]
    fn payload_is_the_documented_string() {
        assert_eq!(
            check().signed_payload(),
            "health-check/v1|GKSK-1|BV-79-001|079085001234|2025-01-02|car|fit|2026-01-02"
        );
    }

    #[test]
    fn signature_verifies_and_tampering_breaks_it() {
        let key = signing_key(42, "BV-79-001");
        let signature = check().sign(&key);
        assert!(check().verify(&key.verifying_key(), &signature));
        let mut forged = check();
        forged.fit = false;
        assert!(!forged.verify(&key.verifying_key(), &signature));
        let other = signing_key(42, "BV-79-002").verifying_key();
        assert!(!check().verify(&other, &signature));
        assert!(!check().verify(&key.verifying_key(), "not base64!"));
    }
}
