//! HTTP plumbing every page relies on: decoding forms (in Unicode NFC), rendering pages in the citizen's
//! language, security headers, cross-site request checks, rate limits, connections, assets,
//! error pages, request telemetry, the public pages and the load balancer's probes.

pub mod assets;
pub mod connections;
pub mod csrf;
pub mod dates;
pub mod errors;
pub mod form;
pub mod language;
pub mod pages;
pub mod probes;
pub mod rate_limit;
pub mod rendering;
pub mod security;
pub mod telemetry;
pub mod unicode;
