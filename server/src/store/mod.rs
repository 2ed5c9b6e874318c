//! The portal's own database: its connection and migrations, applications and their statuses,
//! consents, and the audit log.

pub mod applications;
pub mod audit;
pub mod consents;
pub mod db;
pub mod status;
