//! The citizen's account: their registry details (read for the purpose `account`, each read
//! audited), household and children; and the form to report a wrong detail.

use crate::auth::acting_for;
use crate::auth::citizen::Citizen;
use crate::auth::sign_in::sign_in_redirect;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::clock::now;
use crate::state::AppState;
use crate::web::rendering::PageContext;
use app::account::{report_options, AccountPage};
use app::forms::{self, FieldError};
use app::strings::{strings, FREE_TEXT_MAX_CHARS};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Form;
use domain::records::{Household, Person};
use domain::text::Lang;
use serde::Deserialize;
use serde_json::json;

const PURPOSE: &str = "account";

pub async fn show(State(state): State<AppState>, page: PageContext) -> Response {
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect("/account");
    };
    let context = CallContext {
        actor: &citizen.personal_id,
        subject: &citizen.personal_id,
        purpose: PURPOSE,
        request_id: page.request_id.as_deref(),
    };
    let subject = json!({ "personal_id": citizen.personal_id });
    let (person, household, children_under_14) = tokio::join!(
        state
            .registry
            .read::<Person>(&context, "/v1/people/get", &subject),
        state
            .registry
            .read::<Household>(&context, "/v1/households/get", &subject),
        acting_for::children_under_14(&state, &page, citizen, PURPOSE),
    );
    let children_under_14 = children_under_14.unwrap_or_default();
    if matches!(person, Err(RegistryError::Refused(_))) {
        tracing::error!("the registry refused the account's own reads");
    }
    let applications = crate::store::applications::list_for(&state.db, &citizen.personal_id)
        .await
        .unwrap_or_default();
    let body = app::account::account(
        page.lang,
        AccountPage {
            assurance_level: citizen.assurance_level,
            person: person.ok(),
            household: household.ok(),
            children_under_14,
            applications: crate::applications::pages::listed(&applications, page.lang),
            tasks: tasks(&state, &citizen.personal_id, page.lang).await,
            notifications: notifications(&state, &citizen.personal_id, page.lang).await,
        },
    );
    page.page(&state, strings(page.lang).my_account, body)
}

/// Requests waiting for the citizen's agreement: their id and what is asked, in `lang`.
async fn tasks(state: &AppState, citizen_id: &str, lang: Lang) -> Vec<(String, String)> {
    crate::store::consents::tasks_for(&state.db, citizen_id)
        .await
        .into_iter()
        .map(|task| {
            let request = task.request.get(lang).to_string();
            (task.id, request)
        })
        .collect()
}

/// Messages to the citizen: when, what in `lang`, and where to act.
async fn notifications(
    state: &AppState,
    citizen_id: &str,
    lang: Lang,
) -> Vec<(String, String, String)> {
    crate::jobs::triggers::notifications(state, citizen_id)
        .await
        .into_iter()
        .map(|message| {
            let subject = message.subject.get(lang).to_string();
            (
                crate::web::dates::display_time(message.at, lang, true),
                subject,
                message.link,
            )
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct CorrectionForm {
    #[serde(default)]
    which: String,
    #[serde(default)]
    details: String,
}

pub async fn report_form(State(state): State<AppState>, page: PageContext) -> Response {
    if page.citizen.is_none() {
        return sign_in_redirect("/account/report-error");
    }
    render_report(&state, &page, &[], &CorrectionForm::default())
}

pub async fn report(
    State(state): State<AppState>,
    page: PageContext,
    Form(form): Form<CorrectionForm>,
) -> Response {
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect("/account/report-error");
    };
    if let Some(refused) = crate::auth::sign_in::level_1_refused(&state, &page, None).await {
        return refused;
    }
    let errors = validate(&page, &form);
    if !errors.is_empty() {
        let mut response = render_report(&state, &page, &errors, &form);
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return response;
    }
    if save(&state, citizen, &form).await.is_err() {
        let mut response = render_report(&state, &page, &[], &form);
        *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
        return response;
    }
    let body = app::account::report_sent(page.lang);
    page.page(&state, strings(page.lang).report_sent_title, body)
}

fn validate(page: &PageContext, form: &CorrectionForm) -> Vec<FieldError> {
    let text = strings(page.lang);
    let mut errors = Vec::new();
    if !report_options(page.lang)
        .iter()
        .any(|(value, _)| *value == form.which)
    {
        errors.push(FieldError {
            field: "which",
            message: text.report_choose.into(),
        });
    }
    if form.details.trim().is_empty() {
        errors.push(FieldError {
            field: "details",
            message: text.report_details_missing.into(),
        });
    } else if form.details.chars().count() > FREE_TEXT_MAX_CHARS {
        errors.push(FieldError {
            field: "details",
            message: text.free_text_too_long.into(),
        });
    }
    errors
}

async fn save(
    state: &AppState,
    citizen: &Citizen,
    form: &CorrectionForm,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO data_corrections (personal_id, detail, correction, created_at) VALUES ($1, $2, $3, $4)")
        .bind(&citizen.personal_id)
        .bind(&form.which)
        .bind(form.details.trim())
        .bind(now())
        .execute(&state.db)
        .await
        .map(drop)
}

fn render_report(
    state: &AppState,
    page: &PageContext,
    errors: &[FieldError],
    form: &CorrectionForm,
) -> Response {
    let text = strings(page.lang);
    let title = forms::title(page.lang, text.report_title, errors);
    let body = app::account::report_error(page.lang, errors, &form.which, &form.details);
    page.page(state, &title, body)
}
