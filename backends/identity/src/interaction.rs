//! A sign-in in progress: the authorization request waiting for an answer, the step the citizen
//! is at, and the CSRF token its forms must carry. Bound to the browser by an HttpOnly cookie.

use std::time::Duration;

use crate::directory::Citizen;

pub const INTERACTION_COOKIE: &str = "idp_interaction";
pub const INTERACTION_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Wrong one-time codes before the citizen must start again with the password.
pub const MAX_OTP_FAILURES: u32 = 5;

/// A validated authorization request.
#[derive(Debug, Clone)]
pub struct AuthorizationRequest {
    pub client_id: String,
    pub redirect_uri: String,
    pub state: String,
    pub nonce: String,
    pub code_challenge: String,
}

#[derive(Debug, Clone)]
pub enum Step {
    Credentials,
    OneTimeCode {
        citizen: Citizen,
        otp: String,
        failures: u32,
    },
}

#[derive(Debug, Clone)]
pub struct Interaction {
    pub csrf_token: String,
    pub request: AuthorizationRequest,
    pub step: Step,
}
