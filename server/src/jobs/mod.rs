//! Work the portal does outside any request, on a timer: the agency stand-in processing sent
//! applications or, when the portal is configured with the agencies' case systems, handing them
//! over to those, following the registry feeds that services declare as triggers (the hospitals'
//! birth notices), and deleting what is kept no longer.

pub mod agency_feed;
pub mod agreement;
pub mod hand_over;
pub mod processing;
pub mod retention;
pub mod triggers;
