//! A citizen's answer to a consent asked of them (on their account page): agreeing to, or
//! refusing, what someone else's application needs from them.

use crate::auth::sign_in::{level_1_refused, sign_in_redirect};
use crate::clock::now;
use crate::state::AppState;
use crate::web::pages;
use crate::web::rendering::PageContext;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
}

/// `POST /consents/{id}`: the asked citizen agrees or refuses; anyone else finds nothing.
pub async fn decide(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect("/account");
    };
    // Agreeing for someone else's application is an act with legal weight: level 2 only.
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let status = match form.answer.as_str() {
        "accept" => "accepted",
        "refuse" => "refused",
        _ => return Redirect::to("/account").into_response(),
    };
    let updated = sqlx::query(
        "UPDATE consents SET status = $1, decided_at = $2 WHERE id = $3 AND citizen_id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(now())
    .bind(&id)
    .bind(&citizen.personal_id)
    .execute(&state.db)
    .await;
    match updated {
        Ok(result) if result.rows_affected() == 1 => Redirect::to("/account").into_response(),
        _ => pages::not_found(&state, &page),
    }
}
