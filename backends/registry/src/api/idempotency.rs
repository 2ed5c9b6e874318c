//! Idempotent writes. A write carries an `Idempotency-Key`; its effect and the stored response
//! are committed in one transaction, so a retry with the same key and body gets the same response
//! without a second effect, and the same key with another body is refused.

use super::access_log::{self, Entry};
use super::clients::Client;
use super::error::ApiError;
use super::purposes::{self, Operation};
use crate::db::Database;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, SqliteConnection, Transaction};

pub enum Started {
    /// The key was used before with the same request: here is the response given then.
    Replay(Response),
    Fresh(Write),
}

pub struct Write {
    tx: Transaction<'static, Sqlite>,
    db: Database,
    operation: Operation,
    purpose: Option<String>,
    client: String,
    key: String,
    request_hash: String,
}

/// Starts a write after checking that the client may make it.
pub async fn begin(
    db: &Database,
    client: &Client,
    headers: &HeaderMap,
    operation: Operation,
    body: &[u8],
) -> Result<Started, ApiError> {
    operation.check(client)?;
    let key = headers
        .get("idempotency-key")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|key| !key.is_empty() && key.len() <= 200)
        .ok_or_else(|| {
            ApiError::bad_request(
                "idempotency_key_required",
                "send an Idempotency-Key header (1 to 200 characters)",
            )
        })?
        .to_owned();
    let mut hasher = Sha256::new();
    hasher.update(operation.code().as_bytes());
    hasher.update([0]);
    hasher.update(body);
    let request_hash = format!("{:x}", hasher.finalize());
    let mut tx = db.begin_write().await?;
    let stored: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT request_hash, status, body FROM idempotency WHERE client = ? AND key = ?",
    )
    .bind(&client.name)
    .bind(&key)
    .fetch_optional(&mut *tx)
    .await?;
    match stored {
        Some((hash, status, body)) if hash == request_hash => {
            let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
            let body: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            Ok(Started::Replay(
                (status, [("idempotent-replay", "true")], Json(body)).into_response(),
            ))
        }
        Some(_) => Err(ApiError::conflict(
            "idempotency_conflict",
            "this Idempotency-Key was already used with a different request",
        )),
        None => Ok(Started::Fresh(Write {
            tx,
            db: db.clone(),
            operation,
            purpose: purposes::stated(headers),
            client: client.name.clone(),
            key,
            request_hash,
        })),
    }
}

impl Write {
    pub fn conn(&mut self) -> &mut SqliteConnection {
        &mut self.tx
    }

    /// Stores the response under the key and commits it together with the write's effect, then
    /// records the write in the access log.
    pub async fn finish(
        mut self,
        subject: &str,
        status: StatusCode,
        body: serde_json::Value,
    ) -> Result<Response, ApiError> {
        sqlx::query("INSERT INTO idempotency (client, key, request_hash, status, body) VALUES (?, ?, ?, ?, ?)")
            .bind(&self.client)
            .bind(&self.key)
            .bind(&self.request_hash)
            .bind(i64::from(status.as_u16()))
            .bind(body.to_string())
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        let entry = Entry {
            client: &self.client,
            purpose: self.purpose.as_deref().unwrap_or(self.operation.code()),
            resource: self.operation.code(),
            subject: Some(subject),
            outcome: "ok",
        };
        access_log::record(&self.db, entry).await?;
        Ok((status, Json(body)).into_response())
    }
}
