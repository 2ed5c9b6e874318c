//! A stand-in for Vietnam's national electronic identity (VNeID): an OpenID Connect provider with
//! the authorization code flow, PKCE (S256 only), EdDSA-signed ID tokens, key rotation, a
//! bilingual sign-in page with a one-time code, and RP-initiated logout.
//!
//! Citizens come from the population registry over HTTP; accounts follow documented rules (see
//! [`accounts`]) so that every registry citizen aged 14 or more can sign in without set-up.

pub mod accounts;
mod admin;
mod authorize;
mod callback;
mod claims;
pub mod config;
mod cookies;
pub mod directory;
mod discovery;
mod errors;
mod expiring;
mod grants;
mod interaction;
mod keys;
mod lockout;
mod logout;
mod pages;
mod random;
mod secret;
mod server;
mod session;
mod sign_in;
mod state;
mod token;
mod userinfo;

pub use config::{Client, Config, Settings};
pub use directory::{Citizen, CitizenDirectory, DirectoryUnavailable, RegistryDirectory};
pub use server::{router, start, start_with_directory, RunningIdentity};
pub use state::AppState;
