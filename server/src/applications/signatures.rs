//! The signature a decision document's QR code carries: an Ed25519 signature, with the portal's
//! document key, of the decision exactly as recorded.

use crate::store::applications::Application;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier};
use sha2::{Digest, Sha256};

/// The portal's document key, derived from its configured secret.
pub fn signing_key(secret: &str) -> SigningKey {
    SigningKey::from_bytes(&Sha256::digest(format!("portal-document-key|{secret}")).into())
}

/// What the signature covers: the reference, the service and the decision exactly as recorded.
fn signed_text(application: &Application) -> Option<String> {
    let outcome = application.outcome.as_ref()?;
    Some(format!(
        "decision/v1|{}|{}|{outcome}",
        application.reference.as_deref()?,
        application.service
    ))
}

pub fn sign(key: &SigningKey, application: &Application) -> Option<String> {
    let text = signed_text(application)?;
    Some(URL_SAFE_NO_PAD.encode(key.sign(text.as_bytes()).to_bytes()))
}

pub fn is_genuine(key: &SigningKey, application: &Application, signature: &str) -> bool {
    let (Some(text), Ok(bytes)) = (signed_text(application), URL_SAFE_NO_PAD.decode(signature))
    else {
        return false;
    };
    Signature::from_slice(&bytes)
        .map(|signature| {
            key.verifying_key()
                .verify(text.as_bytes(), &signature)
                .is_ok()
        })
        .unwrap_or(false)
}
