//! The registry's HTTP JSON API.

mod access_log;
mod admin;
mod birth;
pub mod body;
mod civil_status;
pub mod clients;
pub mod error;
pub mod faults;
mod hospital;
mod idempotency;
mod insurance;
pub mod licences;
mod openapi;
pub mod people;
pub mod purposes;
mod read;
mod residence;
mod vehicles;

use crate::db::Database;
use axum::http::StatusCode;
use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use clients::ClientConfig;
use error::ApiError;
use faults::Faults;
use std::sync::{Arc, PoisonError, RwLock};
use time::Date;

/// Everything a request handler needs; cheap to clone.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

struct Inner {
    db: Database,
    seed: u64,
    clients: Vec<ClientConfig>,
    admin: bool,
    faults: Faults,
    /// "Today" when fixed; an operator may move it, as days pass, to test what a date changes.
    as_of: RwLock<Option<Date>>,
}

impl AppState {
    /// `seed` is the population's: health-facility keys derive from it. `as_of` fixes "today"
    /// (for tests); `None` means the current date in Vietnam.
    pub fn new(
        db: Database,
        seed: u64,
        clients: Vec<ClientConfig>,
        admin: bool,
        as_of: Option<Date>,
    ) -> Self {
        Self(Arc::new(Inner {
            db,
            seed,
            clients,
            admin,
            faults: Faults::default(),
            as_of: RwLock::new(as_of),
        }))
    }

    pub fn db(&self) -> &Database {
        &self.0.db
    }

    pub fn seed(&self) -> u64 {
        self.0.seed
    }

    pub fn clients(&self) -> &[ClientConfig] {
        &self.0.clients
    }

    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    pub fn today(&self) -> Date {
        self.0
            .as_of
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .unwrap_or_else(crate::population::today_in_vietnam)
    }

    /// Fixes "today" from now on (operators only: `/admin/today`).
    pub fn set_today(&self, date: Date) {
        *self.0.as_of.write().unwrap_or_else(PoisonError::into_inner) = Some(date);
    }
}

pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/v1/health-facilities", get(licences::facilities))
        .route("/v1/people/get", post(people::get))
        .route("/v1/people/verify", post(people::verify))
        .route("/v1/people/relatives", post(people::relatives))
        .route(
            "/v1/people/children-under-14",
            post(people::children_under_14),
        )
        .route("/v1/households/get", post(people::household))
        .route("/v1/licences/list", post(licences::list))
        .route("/v1/licences/get", post(licences::get))
        .route("/v1/licences/renew", post(licences::renew))
        .route("/v1/health-checks/list", post(licences::health_checks))
        .route("/v1/health-checks", post(licences::receive_health_check))
        .route("/v1/birth-notices/list", post(birth::notices))
        .route("/v1/birth-notices", post(birth::receive_notice))
        .route("/v1/birth-notices/feed", post(birth::feed))
        .route("/v1/births", post(birth::register))
        .route("/v1/insurance-cards/list", post(insurance::list))
        .route("/v1/insurance-cards", post(insurance::issue))
        .route("/v1/marriages/list", post(civil_status::marriages))
        .route("/v1/marriages", post(civil_status::record_marriage))
        .route("/v1/deaths", post(civil_status::record_death))
        .route("/v1/residence/permanent", post(residence::permanent))
        .route("/v1/residence/temporary", post(residence::temporary))
        .route("/v1/vehicles/list", post(vehicles::list))
        .route("/v1/fines/list", post(vehicles::fines))
        .route("/v1/fines/pay", post(vehicles::pay_fine))
        .route("/v1/hospital-bills/list", post(hospital::bills))
        .route("/v1/hospital-bills/pay", post(hospital::pay_bill))
        .route(
            "/v1/electricity-contracts/list",
            post(vehicles::electricity_contracts),
        )
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            clients::authenticate,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            faults::inject,
        ));
    let mut app = Router::new()
        .route("/openapi.json", get(openapi::document))
        .route("/health", get(|| async { "ok" }))
        .merge(v1);
    if state.0.admin {
        app = app.merge(admin::router());
    }
    app.fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint") })
        .method_not_allowed_fallback(|| async {
            ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "this endpoint does not take that method",
            )
        })
        .with_state(state)
}
