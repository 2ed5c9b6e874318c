//! Starting a service: a signed-in citizen at eID level 2 may apply online; anyone else is told
//! what to do first — sign in, or raise their eID to level 2.

use crate::audit::{self, AuditEvent};
use crate::auth::sign_in_redirect;
use crate::pages;
use crate::rendering::PageContext;
use crate::AppState;
use app::strings::strings;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalogue;

pub async fn start(
    State(state): State<AppState>,
    page: PageContext,
    Path(slug): Path<String>,
) -> Response {
    let Some(service) = catalogue::by_slug(&slug) else {
        return pages::not_found(&state, &page);
    };
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect(&format!("/services/{slug}/start"));
    };
    if !citizen.may_use_services() {
        audit::record(
            &state.db,
            AuditEvent {
                event: "access_denied",
                actor: Some(&citizen.personal_id),
                subject: Some(&citizen.personal_id),
                purpose: Some(service.slug),
                outcome: "assurance_level_1",
                request_id: page.request_id.as_deref(),
            },
        )
        .await;
        let body = app::account::upgrade_needed(page.lang);
        return page.page_with_status(
            &state,
            StatusCode::FORBIDDEN,
            strings(page.lang).upgrade_title,
            body,
        );
    }
    let body = app::account::service_not_online(page.lang, service);
    page.page(&state, service.name.get(page.lang), body)
}
