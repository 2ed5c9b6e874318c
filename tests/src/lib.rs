//! Harness for end-to-end tests: starts the portal (and the stand-in backends) on free loopback
//! ports with a fresh database, and drives headless Chromium through chromedriver the way a person
//! would: by link text, button name and field label.

pub mod accessibility;
pub mod balancer;
pub mod bare_portal;
pub mod browser;
pub mod citizen;
pub mod eid;
pub mod journeys;
pub mod runtimes;
pub mod stack;
pub mod ui;
pub mod visitor;
pub mod witness;

pub use browser::{Browser, Key, Mode};
pub use stack::Stack;
