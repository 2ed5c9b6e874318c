//! Only the applicant sees an application: the one check every page about an application makes
//! before anything else.

use crate::auth::sign_in::sign_in_redirect;
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::web::pages;
use crate::web::rendering::PageContext;
use axum::response::Response;

/// The signed-in citizen's own application `id`, or what to answer instead: sign in first, or a
/// 404 for an id that is not theirs (whether or not it exists).
pub async fn own_application(
    state: &AppState,
    page: &PageContext,
    id: &str,
) -> Result<Application, Response> {
    let Some(citizen) = &page.citizen else {
        return Err(sign_in_redirect(&format!("/applications/{id}")));
    };
    match applications::find_for(&state.db, id, &citizen.personal_id).await {
        Ok(Some(application)) => Ok(application),
        _ => Err(pages::not_found(state, page)),
    }
}
