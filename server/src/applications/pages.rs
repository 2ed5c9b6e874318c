//! "Your applications": the citizen's list, each application's status and timeline, and the
//! receipt to keep. Only the applicant can see an application; any other id is a 404.

use crate::applications::answers::answer_rows;
use crate::applications::information;
use crate::applications::receipt;
use crate::auth::acting_for;
use crate::auth::ownership::own_application;
use crate::auth::sign_in::sign_in_redirect;
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::store::status::Status;
use crate::web::dates::display_time;
use crate::web::pages;
use crate::web::rendering::PageContext;
use app::forms;
use app::journey::{AnswerForm, ApplicationPage, ListedApplication};
use app::strings::strings;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use domain::catalogue;
use domain::definitions;
use domain::text::Lang;

/// The citizen's applications as rows for the list (also shown on the account page).
pub fn listed(applications: &[Application], lang: Lang) -> Vec<ListedApplication> {
    applications
        .iter()
        .map(|application| ListedApplication {
            href: format!("/applications/{}", application.id),
            service_name: catalogue::by_slug(&application.service).map_or_else(
                || application.service.clone(),
                |service| service.name.get(lang).to_string(),
            ),
            reference: application.reference.clone(),
            status: application.status.label().get(lang).to_string(),
            updated: display_time(application.updated_at, lang, false),
            expires: (application.status == Status::Draft)
                .then(|| display_time(application.expires_at, lang, false)),
            for_child: acting_for::on_behalf(application).map(|on_behalf| on_behalf.child),
        })
        .collect()
}

pub async fn list(State(state): State<AppState>, page: PageContext) -> Response {
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect("/applications");
    };
    let applications = applications::list_for(&state.db, &citizen.personal_id)
        .await
        .unwrap_or_default();
    let text = strings(page.lang);
    let body = app::journey::applications_page(page.lang, listed(&applications, page.lang));
    page.page(&state, text.applications_title, body)
}

pub async fn show(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    match own_application(&state, &page, &id).await {
        Ok(application) => render(&state, &page, &application, None).await,
        Err(response) => response,
    }
}

/// The application's page: status, timeline, decision, answers, and the agency's request for
/// more information with its answer form (`answer_form` being one just refused, shown again).
pub async fn render(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    answer_form: Option<AnswerForm>,
) -> Response {
    let id = &application.id;
    let lang = page.lang;
    let service_name = catalogue::by_slug(&application.service).map_or_else(
        || application.service.clone(),
        |service| service.name.get(lang).to_string(),
    );
    let timeline = timeline(state, id, lang).await;
    let answers = answer_list(application, lang);
    let outcome = crate::jobs::processing::outcome_rows(application, lang);
    let information = information::for_page(state, application, lang, answer_form).await;
    // A refused answer puts "Error:" in the title, as every refused form does.
    let errors = information
        .as_ref()
        .and_then(|information| information.form.as_ref())
        .map(|form| form.errors.clone())
        .unwrap_or_default();
    let title = forms::title(lang, &service_name, &errors);
    let body = app::journey::application(
        lang,
        ApplicationPage {
            service_name: service_name.clone(),
            reference: application.reference.clone(),
            status: application.status.label().get(lang).to_string(),
            continue_href: application
                .status
                .is_editable()
                .then(|| format!("/services/{}/start", application.service)),
            timeline,
            outcome,
            answers,
            decision_href: (application.status == Status::Decided)
                .then(|| format!("/applications/{id}/decision.pdf")),
            receipt_href: application
                .reference
                .as_ref()
                .map(|_| format!("/applications/{id}/receipt.pdf")),
            on_behalf: acting_for::on_behalf(application),
            information,
        },
    );
    page.page(state, &title, body)
}

/// The application's events in the order they happened: when, and the status with its note.
async fn timeline(state: &AppState, id: &str, lang: Lang) -> Vec<(String, String)> {
    applications::events(&state.db, id)
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|event| {
            let note = event.note.get(lang);
            (
                display_time(event.at, lang, true),
                format!("{} — {note}", event.status.label().get(lang)),
            )
        })
        .collect()
}

/// The answers given, as label and value, for a service whose form is still known.
fn answer_list(application: &Application, lang: Lang) -> Vec<(String, String)> {
    definitions::by_slug(&application.service)
        .map(|definition| {
            answer_rows(definition, application, lang)
                .into_iter()
                .map(|row| (row.label, row.value))
                .collect()
        })
        .unwrap_or_default()
}

pub async fn receipt(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let application = match own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let Some(reference) = &application.reference else {
        return pages::not_found(&state, &page);
    };
    let applicant = page
        .citizen
        .as_ref()
        .map_or("", |citizen| &citizen.full_name);
    let receipt = receipt::Receipt {
        qr: None,
        title: "BIEN NHAN HO SO / APPLICATION RECEIPT".into(),
        lines: receipt_lines(&application, reference, applicant),
    };
    let mut response = receipt.render().into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&format!("attachment; filename=\"receipt-{reference}.pdf\""))
            .expect("ASCII reference"),
    );
    crate::auth::sessions::no_store(headers);
    response
}

/// What the receipt says, each line in Vietnamese and English, printed without diacritics.
fn receipt_lines(application: &Application, reference: &str, applicant: &str) -> Vec<String> {
    let service = catalogue::by_slug(&application.service);
    let mut lines = vec![
        format!("Ma ho so / Reference: {reference}"),
        format!("Dich vu / Service: {}", service.map_or("", |s| s.name.en)),
        format!("Nguoi nop / Applicant: {applicant}"),
    ];
    lines.extend(
        acting_for::on_behalf(application)
            .map(|on_behalf| format!("Nop thay cho / On behalf of: {}", on_behalf.child)),
    );
    lines.extend([
        format!(
            "Ngay nop / Submitted: {}",
            display_time(application.updated_at, Lang::Vi, true)
        ),
        format!(
            "Thoi han / Time limit: {}",
            service.map_or("", |s| s.time_limit.en)
        ),
        format!(
            "Le phi / Fee: {}",
            application
                .fee_vnd
                .map_or_else(|| "0 VND".to_string(), |fee| format!("{fee} VND"))
        ),
    ]);
    lines
}
