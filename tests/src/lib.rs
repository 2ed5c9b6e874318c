//! The one harness for the portal's tests over real HTTP: starts the portal with the stand-in
//! backends (or alone, for tests of its HTTP behaviour) on free loopback ports with a fresh
//! database, and drives headless Chromium through chromedriver the way a person would: by link
//! text, button name and field label, in the words the app's string table gives them.

pub mod accessibility;
pub mod balancer;
pub mod bare_portal;
pub mod binaries;
pub mod browser;
pub mod citizen;
pub mod eid;
pub mod journeys;
pub mod runtimes;
pub mod stack;
pub mod stack_process;
pub mod tls;
pub mod ui;
pub mod visitor;
pub mod witness;

pub use browser::{Browser, Key, Mode};
pub use stack::Stack;
