//! The provider's Ed25519 signing keys and the compact JWS (EdDSA) they produce. Rotation makes a
//! new current key and keeps the previous one published, so tokens signed just before a rotation
//! still verify; older keys are dropped.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::random;

const PUBLISHED_KEYS: usize = 2;

struct Key {
    kid: String,
    signing: SigningKey,
}

impl Key {
    fn new(secret: [u8; 32]) -> Self {
        let signing = SigningKey::from_bytes(&secret);
        let kid = thumbprint(&signing.verifying_key());
        Self { kid, signing }
    }

    fn x(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.signing.verifying_key().as_bytes())
    }
}

/// RFC 7638 thumbprint: a kid that any party can recompute from the public key alone.
fn thumbprint(key: &VerifyingKey) -> String {
    let x = URL_SAFE_NO_PAD.encode(key.as_bytes());
    let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{x}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

pub struct KeyRing {
    /// Oldest first; the last one signs.
    keys: Vec<Key>,
    seed: Option<String>,
    generation: u64,
}

impl KeyRing {
    /// With a seed, the n-th key is the same on every run; without one, keys are random.
    pub fn new(seed: Option<String>) -> Self {
        let mut ring = Self {
            keys: Vec::new(),
            seed,
            generation: 0,
        };
        ring.rotate();
        ring
    }

    pub fn rotate(&mut self) {
        let secret = match &self.seed {
            Some(seed) => {
                let mut hasher = Sha256::new();
                hasher.update(seed.as_bytes());
                hasher.update(self.generation.to_be_bytes());
                hasher.finalize().into()
            }
            None => random::bytes::<32>(),
        };
        self.generation += 1;
        self.keys.push(Key::new(secret));
        if self.keys.len() > PUBLISHED_KEYS {
            self.keys.remove(0);
        }
    }

    fn current(&self) -> &Key {
        self.keys.last().expect("a key ring always holds a key")
    }

    pub fn current_kid(&self) -> &str {
        &self.current().kid
    }

    /// The JSON Web Key Set, current key first.
    pub fn jwks(&self) -> Value {
        let keys: Vec<Value> = self
            .keys
            .iter()
            .rev()
            .map(|key| {
                json!({
                    "kty": "OKP",
                    "crv": "Ed25519",
                    "alg": "EdDSA",
                    "use": "sig",
                    "kid": key.kid,
                    "x": key.x(),
                })
            })
            .collect();
        json!({ "keys": keys })
    }

    /// Signs `claims` with the current key as a JWS compact serialisation.
    pub fn sign(&self, claims: &Value) -> String {
        let key = self.current();
        let header = json!({ "alg": "EdDSA", "typ": "JWT", "kid": key.kid });
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string())
        );
        let signature = key.signing.sign(signing_input.as_bytes());
        format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature.to_bytes())
        )
    }

    /// The claims of a token signed by a published key, whatever its expiry (logout accepts
    /// expired ID tokens as hints).
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut parts = token.split('.');
        let (header, payload, signature) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let header: Value = serde_json::from_slice(&URL_SAFE_NO_PAD.decode(header).ok()?).ok()?;
        if header["alg"] != "EdDSA" {
            return None;
        }
        let kid = header["kid"].as_str()?;
        let key = self.keys.iter().find(|key| key.kid == kid)?;
        let signature = Signature::from_slice(&URL_SAFE_NO_PAD.decode(signature).ok()?).ok()?;
        let signing_input = &token[..token.rfind('.')?];
        key.signing
            .verifying_key()
            .verify_strict(signing_input.as_bytes(), &signature)
            .ok()?;
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).ok()?).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_rings_are_reproducible_and_random_ones_are_not() {
        let a = KeyRing::new(Some("seed".into()));
        let b = KeyRing::new(Some("seed".into()));
        assert_eq!(a.current_kid(), b.current_kid());
        assert_ne!(
            KeyRing::new(None).current_kid(),
            KeyRing::new(None).current_kid()
        );
    }

    #[test]
    fn rotation_keeps_exactly_the_previous_key() {
        let mut ring = KeyRing::new(None);
        let first = ring.sign(&json!({"n": 1}));
        ring.rotate();
        let second = ring.sign(&json!({"n": 2}));
        assert_eq!(ring.jwks()["keys"].as_array().unwrap().len(), 2);
        assert_eq!(ring.verify(&first).unwrap()["n"], 1);
        assert_eq!(ring.verify(&second).unwrap()["n"], 2);
        ring.rotate();
        assert_eq!(ring.jwks()["keys"].as_array().unwrap().len(), 2);
        assert!(ring.verify(&first).is_none());
        assert!(ring.verify(&second).is_some());
    }

    #[test]
    fn tampered_tokens_fail() {
        let ring = KeyRing::new(None);
        let token = ring.sign(&json!({"sub": "a"}));
        let (input, _) = token.rsplit_once('.').unwrap();
        let forged_payload = URL_SAFE_NO_PAD.encode(json!({"sub": "b"}).to_string());
        let header = input.split('.').next().unwrap();
        let signature = token.rsplit('.').next().unwrap();
        assert!(ring
            .verify(&format!("{header}.{forged_payload}.{signature}"))
            .is_none());
        assert!(ring.verify("not.a.token").is_none());
        assert!(ring.verify(&format!("{token}.extra")).is_none());
    }
}
