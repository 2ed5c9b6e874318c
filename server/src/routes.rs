//! Which handler answers which path, and the middleware every request passes through.

use crate::account::{consent_answers, page as account};
use crate::applications::{
    decision_documents, information_answers, pages as applications, uploads,
};
use crate::auth::sign_in;
use crate::journey::{check, payment, save_step, sending, start, step_page};
use crate::state::AppState;
use crate::web::form::MAX_REQUEST_BYTES;
use crate::web::{csrf, errors, language, pages, probes, security, telemetry, unicode};
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{middleware, Router};
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tower_http::LatencyUnit;
use tracing::Level;

/// The whole application.
pub fn router(state: AppState) -> Router {
    let routes = Router::new()
        .route("/", get(pages::home))
        .route("/services/{slug}", get(pages::service_start))
        .route(
            "/services/{slug}/start",
            get(start::to_start_page).post(start::start),
        )
        .route("/language/{tag}", get(language::switch))
        .route("/auth/login", get(sign_in::login))
        .route("/auth/callback", get(sign_in::callback))
        .route("/auth/logout", post(sign_in::logout))
        .route("/auth/extend", post(sign_in::extend))
        .route("/account", get(account::show))
        .route("/consents/{id}", post(consent_answers::decide))
        .route(
            "/account/report-error",
            get(account::report_form).post(account::report),
        )
        .route("/applications", get(applications::list))
        .route("/applications/{id}", get(applications::show))
        .route("/applications/{id}/receipt.pdf", get(applications::receipt))
        .route(
            "/applications/{id}/decision.pdf",
            get(decision_documents::download),
        )
        .route("/verify/{reference}", get(decision_documents::verify))
        .route(
            "/applications/{id}/confirmation",
            get(sending::confirmation),
        )
        .route("/applications/{id}/check", get(check::show_check))
        .route("/applications/{id}/submit", post(check::submit))
        .route("/applications/{id}/refresh", post(start::refresh))
        .route(
            "/applications/{id}/information",
            post(information_answers::answer).layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES)),
        )
        .route("/applications/{id}/payment", get(payment::returned))
        .route(
            "/applications/{id}/documents/{document}",
            get(uploads::download),
        )
        .route(
            "/applications/{id}/{step}",
            get(step_page::show_step)
                .post(save_step::save_step)
                .layer(DefaultBodyLimit::max(MAX_REQUEST_BYTES)),
        )
        .route("/healthz", get(probes::live))
        .route("/readyz", get(probes::ready))
        .fallback(pages::fallback);
    with_middleware(routes, state)
}

/// Wraps routes in the portal's middleware; tests use it to put routes of their own behind it.
pub fn with_middleware(routes: Router<AppState>, state: AppState) -> Router {
    let policy = Arc::new(security::SecurityPolicy {
        https: state.sessions.secure_cookie,
        identity_origin: csrf::origin_of(&state.config.oidc_issuer),
        payment_origin: csrf::origin_of(&state.config.payment_url),
    });
    // Each `layer` wraps everything added before it, so the list reads innermost first.
    // What the largest route accepts; each route's own limit still applies when its handler reads.
    let form_limit = MAX_REQUEST_BYTES.max(state.config.max_body_bytes);
    routes
        .layer(middleware::from_fn(move |request, next| {
            unicode::normalise_forms(form_limit, request, next)
        }))
        .layer(CompressionLayer::new())
        // Forms are held to the configured limit; step pages accept a document up to their own
        // limit (see the route), and nothing larger reaches a handler at all.
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(RequestBodyLimitLayer::new(
            MAX_REQUEST_BYTES.max(state.config.max_body_bytes),
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            state.config.request_timeout,
        ))
        .layer(middleware::from_fn_with_state(
            csrf::OwnOrigin::of(&state.public_url),
            csrf::protect,
        ))
        .layer(CatchPanicLayer::custom(errors::panic_response))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            errors::friendly_errors,
        ))
        .layer(middleware::from_fn_with_state(policy, security::headers))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .layer(middleware::from_fn(telemetry::fresh_request_id))
        .with_state(state)
}
