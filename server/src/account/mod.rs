//! The citizen's account: what the registry holds about them and their household, their
//! applications, tasks and messages, reporting an error in their data, and answering consents.

pub mod consent_answers;
pub mod page;
