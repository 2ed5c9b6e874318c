//! A stand-in for the agencies' own case systems: one process hosting every agency that decides
//! the portal's services. The portal hands an application over (idempotently, by its
//! reference); the agency routes it to the office of the applicant's province, sets its
//! statutory deadline, and publishes every change of status on a feed the portal polls. An
//! agency decides automatically after a short delay, or waits for an officer; approving writes
//! the decision into the registry.
//!
//! Cases are kept in SQLite, so a restart on the same file loses nothing.

mod api;
pub mod config;
pub mod deadlines;
mod decision;
pub mod directory;
mod registry;
mod server;
mod state;
mod store;
mod tokens;
pub mod workbench;
mod worker;

pub use config::{
    Config, ConfigError, DEVELOPMENT_ADMIN_TOKEN, DEVELOPMENT_PORTAL_TOKEN,
    DEVELOPMENT_REGISTRY_TOKEN,
};
pub use server::{start, start_on, Running};
