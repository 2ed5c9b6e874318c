//! Who the citizen is and what they may do: signing in with the national eID, sessions (and
//! their in-memory cache), the applicant-only rule for applications, and a parent acting for their
//! child.

pub mod acting_for;
pub mod citizen;
pub mod oidc;
pub mod ownership;
pub mod session_cache;
pub mod sessions;
pub mod sign_in;
