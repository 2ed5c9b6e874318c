//! The provider's own browser session: once a citizen has signed in, a later authorization request
//! from the same browser is answered without a password until the session ends.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::{accounts::AssuranceLevel, directory::Citizen};

pub const SESSION_COOKIE: &str = "idp_session";

/// Who signed in, at which level and when: the source of every claim about the citizen.
#[derive(Debug, Clone)]
pub struct Authentication {
    pub citizen: Citizen,
    pub level: AssuranceLevel,
    /// Seconds since the Unix epoch, for the `auth_time` claim.
    pub auth_time: u64,
}

pub fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default()
}
