//! A stand-in for Vietnam's national payment gateway. A merchant (the portal) creates a payment
//! over an authenticated, idempotent JSON API and sends the citizen's browser to the gateway's
//! checkout page; the citizen pays or cancels there and is sent back to the merchant, which then
//! asks the API for the outcome — the only answer it may trust.
//!
//! Payments live in memory: a restart forgets them, as a test double may.

mod admin;
mod api;
mod checkout;
pub mod config;
mod errors;
mod ledger;
mod methods;
mod pages;
mod random;
mod server;
mod state;

pub use config::{Config, ConfigError, Merchant, Settings};
pub use server::{router, start, Running};
pub use state::AppState;
