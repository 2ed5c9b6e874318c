//! A citizen's applications once made, as they see them: the list and each application's page,
//! its answers, uploaded documents, the agency's requests for more information and their answers,
//! the receipt, and decision documents with their verification.

pub mod answers;
pub mod decision_documents;
pub mod information;
pub mod information_answers;
pub mod pages;
pub mod receipt;
pub mod signatures;
pub mod uploads;
