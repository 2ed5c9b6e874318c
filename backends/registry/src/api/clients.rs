//! Who may call the registry: each client authenticates with a bearer secret and has a role that
//! fixes which purposes it may state and which writes it may make.

use super::error::ApiError;
use super::AppState;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The citizen portal: reads for its services and writes their outcomes.
    Portal,
    /// The eID provider: reads what it needs to sign citizens in.
    Identity,
    /// Hospitals: send health-check results and birth notices.
    Hospital,
    /// The agencies' case systems: write the outcomes of the decisions they make.
    Agency,
}

#[derive(Debug, Clone)]
pub struct ClientConfig {
    pub name: String,
    pub secret: String,
    pub role: Role,
}

impl ClientConfig {
    /// The development clients: `portal`, `identity`, `hospital` and `agency`, secrets
    /// `<name>-dev-secret`.
    pub fn defaults() -> Vec<ClientConfig> {
        [
            ("portal", Role::Portal),
            ("identity", Role::Identity),
            ("hospital", Role::Hospital),
            ("agency", Role::Agency),
        ]
        .into_iter()
        .map(|(name, role)| ClientConfig {
            name: name.to_string(),
            secret: format!("{name}-dev-secret"),
            role,
        })
        .collect()
    }
}

/// The authenticated caller, put in the request's extensions by [`authenticate`].
#[derive(Debug, Clone)]
pub struct Client {
    pub name: String,
    pub role: Role,
}

/// Compares digests so that the time taken does not reveal how much of a secret matched.
fn same_secret(given: &str, expected: &str) -> bool {
    Sha256::digest(given.as_bytes()) == Sha256::digest(expected.as_bytes())
}

pub async fn authenticate(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Result<Response, ApiError> {
    let unauthorised = || {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "send `Authorization: Bearer <client secret>` of a configured client",
        )
    };
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .ok_or_else(unauthorised)?;
    let client = state
        .clients()
        .iter()
        .find(|client| same_secret(token.trim(), &client.secret))
        .ok_or_else(unauthorised)?;
    request.extensions_mut().insert(Client {
        name: client.name.clone(),
        role: client.role,
    });
    Ok(next.run(request).await)
}
