//! Work the portal does outside any request, on a timer: the agency stand-in processing sent
//! applications, following the registry feeds that services declare as triggers (the hospitals'
//! birth notices), and deleting what is kept no longer.

pub mod processing;
pub mod retention;
pub mod triggers;
