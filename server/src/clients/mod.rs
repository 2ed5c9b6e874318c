//! The portal's clients of the national systems it depends on: the population registry (and the
//! signatures of the records it passes on from their issuers), the payment gateway, and the
//! agencies' case systems, all through one way of building an HTTP client (`http`).

pub mod agency;
pub mod http;
pub mod payment_gateway;
pub mod registry_client;
pub mod signed_records;
