//! The portal's own database: its connection and migrations, applications and their statuses,
//! what is owed to the agencies' case systems, messages to citizens, consents, and the audit log.

pub mod agency_answers;
pub mod agency_feed;
pub mod agency_outbox;
pub mod applications;
pub mod audit;
pub mod consents;
pub mod db;
pub mod messages;
pub mod status;
