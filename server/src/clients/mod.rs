//! The portal's clients of the national systems it depends on: the population registry, the
//! payment gateway, and the hospitals' signed health checks.

pub mod health_checks;
pub mod payment_gateway;
pub mod registry_client;
