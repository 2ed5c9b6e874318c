//! "Whom is it for": a parent of children under 14 applies for themselves or for one of those
//! children, where the service allows it.

use crate::auth::acting_for;
use crate::auth::citizen::Citizen;
use crate::journey::begin::begin;
use crate::journey::draft::unavailable;
use crate::state::AppState;
use crate::store::audit::{self, AuditEvent};
use crate::web::form::{posted_value, Posted};
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::forms::{self, FieldError};
use app::journey::WhomPage;
use app::strings::strings;
use axum::http::StatusCode;
use axum::response::Response;
use domain::catalogue::Service;
use domain::engine::{Definition, Subject};
use domain::personal_id::PersonalId;
use domain::records::Relative;

/// The value of the "whom" question that means the citizen applies for themselves.
const MYSELF: &str = "myself";

/// The answer to "whom is it for". A child is taken only if the registry says, now, that they are
/// this citizen's child under 14; any other ID number is a 404, whether or not such a person
/// exists, and nothing about them is read.
pub(super) async fn choose_whom(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    definition: &'static Definition,
    service: &'static Service,
    posted: &Posted,
) -> Response {
    if !definition.may_be_for(Subject::ChildUnder14) {
        return pages::not_found(state, page);
    }
    let chosen = posted_value(posted, "applying_for").unwrap_or_default();
    if chosen == MYSELF {
        return begin(state, page, citizen, definition, service, None).await;
    }
    let children =
        match acting_for::children_under_14(state, page, citizen, definition.slug()).await {
            Ok(children) => children,
            Err(_) => return unavailable(state, page, service),
        };
    if chosen.is_empty() {
        let errors = [FieldError {
            field: "applying_for",
            message: strings(page.lang).whom_missing.into(),
        }];
        return render_whom(state, page, citizen, service, &children, &errors);
    }
    match children.iter().find(|child| child.personal_id == chosen) {
        Some(child) => begin(state, page, citizen, definition, service, Some(child)).await,
        None => {
            audit::record(
                &state.db,
                AuditEvent {
                    event: "access_denied",
                    actor: Some(&citizen.personal_id),
                    // Kept only when it is an ID number: whose child was claimed matters.
                    subject: PersonalId::parse(chosen).is_ok().then_some(chosen),
                    purpose: Some(definition.slug()),
                    outcome: "not_their_child_under_14",
                    request_id: page.request_id.as_deref(),
                },
            )
            .await;
            pages::not_found(state, page)
        }
    }
}

pub(super) fn render_whom(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    service: &Service,
    children: &[Relative],
    errors: &[FieldError],
) -> Response {
    let lang = page.lang;
    let text = strings(lang);
    let myself = (
        MYSELF.to_string(),
        format!("{}: {}", text.whom_myself, citizen.full_name),
    );
    let children = children.iter().map(|child| {
        (
            child.personal_id.clone(),
            format!(
                "{}: {}, {} {}",
                text.whom_child,
                child.full_name,
                text.born,
                domain::definitions::common::display_date(&child.date_of_birth, lang)
            ),
        )
    });
    let body = app::journey::whom_page(
        lang,
        WhomPage {
            action: format!("/services/{}/start", service.slug),
            back: format!("/services/{}", service.slug),
            service_name: service.name.get(lang),
            choices: std::iter::once(myself).chain(children).collect(),
            errors,
        },
    );
    let title = forms::title(lang, text.whom_title, errors);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.page_with_status(state, status, &title, body)
}
