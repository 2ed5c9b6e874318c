//! Work the portal does outside any request, on a timer: the agency stand-in processing sent
//! applications, following the hospitals' birth-notice feed, and deleting what is kept no longer.

pub mod birth_notices;
pub mod processing;
pub mod retention;
