//! The portal's domain knowledge as data and pure functions, free of I/O so that forms, pages,
//! the stand-in backends and their checkers all apply one definition:
//!
//! - Vietnam's identifiers and the rules about them, each module documenting the rule it
//!   applies: [`personal_id`] (with [`provinces`]), [`licence`], [`insurance`], [`age`];
//! - what the portal reads from the registry ([`records`]) and bilingual text ([`text`],
//!   [`search`]);
//! - the services: the [`engine`] that runs any service, and [`definitions`], one module per
//!   service declaring it whole (its [`catalogue`] entry, questions, checks, registry sources and
//!   decision) in the one list the [`catalogue`] is built from.

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
