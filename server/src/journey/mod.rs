//! The engine at work on a citizen's draft: starting a service (reading the registry under the
//! service's purpose to prefill), whom it is for, one page per step with server-side validation
//! and registry checks, check your answers with a declaration, payment where there is a fee, and
//! submission exactly once. Drafts are saved at every step; nothing the citizen entered is lost
//! on an error.

pub mod begin;
pub mod check;
pub mod draft;
pub mod payment;
pub mod registry_checks;
pub mod save_step;
pub mod sending;
pub mod sources;
pub mod start;
pub mod step_page;
pub mod whom;
