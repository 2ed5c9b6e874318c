//! What an authorization code and an access token stand for on the provider's side.

use std::time::Instant;

use crate::session::Authentication;

pub struct CodeGrant {
    pub client_id: String,
    pub redirect_uri: String,
    pub code_challenge: String,
    pub nonce: String,
    pub authentication: Authentication,
    /// The code's own expiry; the entry outlives it so that a late replay still revokes tokens.
    pub expires_at: Instant,
    pub redeemed: bool,
    /// Access tokens issued from this code, revoked if the code is replayed.
    pub access_tokens: Vec<String>,
}

pub struct AccessGrant {
    pub client_id: String,
    pub authentication: Authentication,
}
