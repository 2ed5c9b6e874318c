//! The portal's domain knowledge as data and pure functions, free of I/O so that forms, pages,
//! the stand-in backends and their checkers all apply one definition: Vietnam's identifiers
//! (DOMAIN.md), bilingual text, and the catalogue of the 25 essential services.

pub mod age;
pub mod catalogue;
pub mod definitions;
pub mod engine;
pub mod insurance;
pub mod licence;
pub mod personal_id;
pub mod provinces;
pub mod records;
pub mod search;
pub mod text;
