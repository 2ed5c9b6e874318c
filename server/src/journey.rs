//! The engine at work: starting a service (reading the registry under the service's purpose to
//! prefill), one page per step with server-side validation and registry checks, check your
//! answers with a declaration, payment where there is a fee, and submission exactly once.
//! Drafts are saved at every step; nothing the citizen entered is lost on an error.

use crate::acting_for;
use crate::applications::{self, Application, NewDraft, SendError, Status};
use crate::audit::{self, AuditEvent};
use crate::auth::{level_1_refused, sign_in_redirect};
use crate::documents::{self, Upload};
use crate::pages;
use crate::payments::Withdrawal;
use crate::registry_client::{ReadContext, RegistryError};
use crate::rendering::PageContext;
use crate::sessions::Citizen;
use crate::signed_records;
use crate::AppState;
use app::forms::{self, FieldError};
use app::journey::{AnswerRow, CheckPage, ConfirmationPage, StepPage, WhomPage, WHOM_ASKED};
use app::strings::strings;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use domain::catalogue::{self, Service};
use domain::definitions;
use domain::engine::validation;
use domain::engine::{
    Answers, Concerns, Context, Definition, Kind, RegistryCheck, Step, Subject, REPRESENTATIVE,
};
use domain::personal_id::PersonalId;
use domain::records::Relative;
use domain::text::Lang;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A form as posted: repeated names are kept in order (the last one wins when read).
pub type Posted = Vec<(String, String)>;

pub fn posted_value<'a>(posted: &'a Posted, name: &str) -> Option<&'a str> {
    posted
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// A question's answer as posted: the checkboxes of a several-choice question come as repeated
/// names, joined here by commas for the engine to check.
fn posted_answer(posted: &Posted, question: &domain::engine::Question) -> Option<String> {
    match question.kind {
        Kind::Choices(_) => {
            let chosen: Vec<&str> = posted
                .iter()
                .filter(|(key, _)| key == question.id)
                .map(|(_, value)| value.as_str())
                .collect();
            (!chosen.is_empty()).then(|| chosen.join(","))
        }
        _ => posted_value(posted, question.id).map(str::to_string),
    }
}

/// What starting a service takes: a citizen signed in at level 2, and a service the engine runs;
/// otherwise the response to send instead.
async fn starting<'a>(
    state: &AppState,
    page: &'a PageContext,
    slug: &str,
) -> Result<(&'a Citizen, &'static Definition, &'static Service), Response> {
    let Some(service) = catalogue::by_slug(slug) else {
        return Err(pages::not_found(state, page));
    };
    let Some(citizen) = &page.citizen else {
        // Back to the start page, whose button starts the service (a POST, never a link).
        return Err(sign_in_redirect(&format!("/services/{slug}")));
    };
    if let Some(refused) = level_1_refused(state, page, Some(service.slug)).await {
        return Err(refused);
    }
    let Some(definition) = definitions::by_slug(slug) else {
        let body = app::account::service_not_online(page.lang, service);
        return Err(page.page(state, service.name.get(page.lang), body));
    };
    Ok((citizen, definition, service))
}

/// `POST /services/{slug}/start`, from the start page's button: signed in at level 2, the citizen
/// resumes their draft of this service or starts one prefilled from the registry. Starting reads
/// the registry and writes a draft, so it is never a link that another site could make a browser
/// follow. A parent of children under 14 is first asked whom the application is for, where the
/// service allows a parent to act for a child; their answer comes back here too (see
/// [`choose_whom`]).
pub async fn start(
    State(state): State<AppState>,
    page: PageContext,
    Path(slug): Path<String>,
    Form(posted): Form<Posted>,
) -> Response {
    let (citizen, definition, service) = match starting(&state, &page, &slug).await {
        Ok(started) => started,
        Err(response) => return response,
    };
    let answering_whom = posted_value(&posted, WHOM_ASKED).is_some()
        || posted_value(&posted, "applying_for").is_some();
    if answering_whom {
        return choose_whom(&state, &page, citizen, definition, service, &posted).await;
    }
    if definition.may_be_for(Subject::ChildUnder14) {
        match acting_for::children_under_14(&state, &page, citizen, definition.slug()).await {
            Ok(children) if !children.is_empty() => {
                return render_whom(&state, &page, citizen, service, &children, &[])
            }
            Ok(_) => {}
            Err(_) => return unavailable(&state, &page, service),
        }
    }
    begin(&state, &page, citizen, definition, service, None).await
}

/// `GET /services/{slug}/start`: a link (an old message, a bookmark) starts nothing; it leads to
/// the start page, whose button does.
pub async fn to_start_page(Path(slug): Path<String>) -> Response {
    let page = catalogue::by_slug(&slug).map_or_else(
        || "/".to_string(),
        |service| format!("/services/{}", service.slug),
    );
    Redirect::to(&page).into_response()
}

/// The value of the "whom" question that means the citizen applies for themselves.
const MYSELF: &str = "myself";

/// The answer to "whom is it for". A child is taken only if the registry says, now, that they are
/// this citizen's child under 14; any other ID number is a 404, whether or not such a person
/// exists, and nothing about them is read.
async fn choose_whom(
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

fn render_whom(
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

/// Resumes the citizen's draft of this service about this person (themselves, or `child`), or
/// starts one prefilled from that person's registry data.
async fn begin(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    definition: &'static Definition,
    service: &Service,
    child: Option<&Relative>,
) -> Response {
    let subject = child.map_or(&citizen.personal_id, |child| &child.personal_id);
    match applications::open_draft(&state.db, definition.slug(), &citizen.personal_id, subject)
        .await
    {
        Ok(Some(draft)) => {
            return refresh_and_continue(state, page, citizen, definition, service, draft).await
        }
        Ok(None) => {}
        Err(_) => return unavailable(state, page, service),
    }
    // One open application per person, for services that say so: a new one is refused here,
    // with the way to the open one.
    if matches!(definition.concerns, Concerns::Subject) {
        let person = definition.object_of(subject, &Answers::default(), &Context::default());
        if let Some(refused) = already_open(state, page, service, person, "").await {
            return refused;
        }
    }
    let context = match draft_context(state, page, citizen, definition, subject).await {
        Ok(context) => context,
        Err(_) => return unavailable(state, page, service),
    };
    if let Some(Err(reason)) = definition.eligibility.map(|eligible| eligible(&context)) {
        let text = strings(page.lang);
        let body = app::journey::not_possible(
            page.lang,
            service.name.get(page.lang),
            text.not_eligible_title,
            reason.get(page.lang),
        );
        return page.page_with_status(
            state,
            StatusCode::UNPROCESSABLE_ENTITY,
            text.not_eligible_title,
            body,
        );
    }
    let draft = NewDraft {
        service: definition.slug(),
        applicant_id: &citizen.personal_id,
        subject_id: subject,
        context: &context,
        lifetime_secs: state.config.draft_lifetime.as_secs() as i64,
    };
    match applications::create_draft(&state.db, draft).await {
        Ok(id) => {
            let first = definition
                .next_step(&Default::default(), &context)
                .map_or("check", |step| step.id);
            Redirect::to(&format!("/applications/{id}/{first}")).into_response()
        }
        Err(_) => unavailable(state, page, service),
    }
}

/// Reads the registry again for a draft being resumed (a hospital may have sent a health check
/// since), keeping every answer, and goes on where the citizen stopped.
async fn refresh_and_continue(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    definition: &'static Definition,
    service: &Service,
    mut draft: Application,
) -> Response {
    match draft_context(state, page, citizen, definition, &draft.subject_id).await {
        Ok(context) => draft.context = context,
        Err(_) => return unavailable(state, page, service),
    }
    // New facts may change what is owed: a payment begun before is withdrawn, to be declared anew.
    match crate::payments::withdraw(state, &draft).await {
        Withdrawal::Done => {}
        Withdrawal::Paid(payment_id) => {
            return Redirect::to(&crate::payments::return_path(&draft.id, &payment_id))
                .into_response()
        }
        Withdrawal::Unavailable => return crate::payments::unavailable(state, page),
    }
    if save(state, &draft).await.is_err() {
        return unavailable(state, page, service);
    }
    Redirect::to(&next_url(definition, &draft)).into_response()
}

/// `POST /applications/{id}/refresh`: "check again" on a draft that waits for the registry.
pub async fn refresh(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(citizen) = &page.citizen else {
        return sign_in_redirect(&format!("/applications/{id}"));
    };
    refresh_and_continue(&state, &page, citizen, definition, service, application).await
}

/// The registry data a draft about `subject` works from, read by the citizen under the service's
/// purpose. When a parent acts for their child, the parent is kept beside the child's data: the
/// rules (a child's passport is asked for by a parent) and the pages need to know who applies.
async fn draft_context(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    definition: &Definition,
    subject: &str,
) -> Result<Context, RegistryError> {
    let read = ReadContext {
        actor: &citizen.personal_id,
        subject,
        purpose: definition.slug(),
        request_id: page.request_id.as_deref(),
    };
    let mut context = read_sources(state, &read, definition).await?;
    if subject != citizen.personal_id {
        context.insert(
            REPRESENTATIVE,
            json!({ "personal_id": citizen.personal_id, "full_name": citizen.full_name }),
        );
    }
    Ok(context)
}

/// Reads every source a service needs about `read.subject`, under the service's purpose; a
/// missing record (no licences…) is an empty value, an unreachable registry an error.
pub async fn read_sources(
    state: &AppState,
    read: &ReadContext<'_>,
    definition: &Definition,
) -> Result<Context, RegistryError> {
    let subject = json!({ "personal_id": read.subject });
    let mut context = Context::default();
    for source in definition.sources {
        let mut value = match state
            .registry
            .read::<Value>(read, source.endpoint, &subject)
            .await
        {
            Ok(value) => value,
            Err(RegistryError::NotFound) => Value::Null,
            Err(error) => return Err(error),
        };
        if let Some(signed) = &source.signed {
            signed_records::mark(state, signed, &mut value).await;
        }
        context.insert(source.key, value);
    }
    context.insert("today", json!(today_iso()));
    Ok(context)
}

fn today_iso() -> String {
    domain::age::today_in_vietnam().to_string()
}

fn unavailable(state: &AppState, page: &PageContext, service: &Service) -> Response {
    let text = strings(page.lang);
    let body = app::journey::not_possible(
        page.lang,
        service.name.get(page.lang),
        text.not_eligible_title,
        text.registry_check_unavailable,
    );
    page.page_with_status(
        state,
        StatusCode::SERVICE_UNAVAILABLE,
        text.not_eligible_title,
        body,
    )
}

/// Where a draft continues: its first step not yet completed, or the check page.
fn next_url(definition: &'static Definition, application: &Application) -> String {
    match definition.next_step(&application.answers, &application.context) {
        Some(step) => format!("/applications/{}/{}", application.id, step.id),
        None => format!("/applications/{}/check", application.id),
    }
}

/// The citizen's own editable application and its definition, or the response to send instead.
async fn load_draft(
    state: &AppState,
    page: &PageContext,
    id: &str,
) -> Result<(Application, &'static Definition, &'static Service), Response> {
    let application = crate::tracking::own_application(state, page, id).await?;
    let (Some(definition), Some(service)) = (
        definitions::by_slug(&application.service),
        catalogue::by_slug(&application.service),
    ) else {
        return Err(pages::not_found(state, page));
    };
    if !application.status.is_editable() {
        return Err(Redirect::to(&format!("/applications/{id}")).into_response());
    }
    if application.applicant_id != application.subject_id {
        still_their_child(state, page, &application, definition, service).await?;
    }
    Ok((application, definition, service))
}

/// Before anything is done for a child, the registry is asked again whether the citizen is still
/// their parent and the child still under 14.
async fn still_their_child(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &Definition,
    service: &Service,
) -> Result<(), Response> {
    let Some(citizen) = &page.citizen else {
        return Err(pages::not_found(state, page));
    };
    match acting_for::child(
        state,
        page,
        citizen,
        definition.slug(),
        &application.subject_id,
    )
    .await
    {
        Ok(Some(_)) => Ok(()),
        Ok(None) => {
            let text = strings(page.lang);
            let body = app::journey::not_possible(
                page.lang,
                service.name.get(page.lang),
                text.no_longer_acting_title,
                text.no_longer_acting_body,
            );
            Err(page.page_with_status(
                state,
                StatusCode::FORBIDDEN,
                text.no_longer_acting_title,
                body,
            ))
        }
        Err(_) => Err(unavailable(state, page, service)),
    }
}

pub async fn show_step(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, step_id)): Path<(String, String)>,
) -> Response {
    let (application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(step) = definition
        .step(&step_id)
        .filter(|step| step.is_asked(&application.answers, &application.context))
    else {
        return pages::not_found(&state, &page);
    };
    let values = stored_values(step, &application);
    render_step(
        &state,
        &page,
        &application,
        definition,
        service,
        step,
        &values,
        &[],
    )
}

fn stored_values(step: &Step, application: &Application) -> BTreeMap<String, String> {
    step.questions
        .iter()
        .filter_map(|question| {
            application.answers.get(question.id).map(|stored| {
                (
                    question.id.to_string(),
                    app::journey::display_value(question, stored),
                )
            })
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn render_step(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
    step: &'static Step,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
) -> Response {
    let lang = page.lang;
    let first = definition
        .asked_steps(&application.answers, &application.context)
        .first()
        .is_some_and(|first| first.id == step.id);
    let back = previous_url(definition, application, step.id);
    let body = app::journey::step_page(
        lang,
        StepPage {
            action: format!("/applications/{}/{}", application.id, step.id),
            back,
            service_name: service.name.get(lang),
            step,
            values,
            errors,
            context: &application.context,
            prefilled: if first {
                prefilled(definition, &application.context, lang)
            } else {
                Vec::new()
            },
            on_behalf: acting_for::on_behalf(application).as_ref(),
        },
    );
    let title = forms::title(lang, step.title.get(lang), errors);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.page_with_status(state, status, &title, body)
}

fn previous_url(
    definition: &'static Definition,
    application: &Application,
    current: &str,
) -> String {
    let asked = definition.asked_steps(&application.answers, &application.context);
    match asked.iter().position(|step| step.id == current) {
        Some(position) if position > 0 => format!(
            "/applications/{}/{}",
            application.id,
            asked[position - 1].id
        ),
        _ => format!("/services/{}", definition.slug()),
    }
}

fn prefilled(definition: &Definition, context: &Context, lang: Lang) -> Vec<(String, String)> {
    definition
        .prefilled
        .iter()
        .filter_map(|fact| {
            (fact.value)(context, lang).map(|value| (fact.label.get(lang).to_string(), value))
        })
        .collect()
}

/// What a step's form sent: its fields, and the files of its document questions. Steps with a
/// document question post `multipart/form-data`, the others a plain form.
pub async fn read_form(
    state: &AppState,
    request: Request,
) -> Result<(Posted, Vec<(String, Upload)>), Response> {
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("multipart/form-data"));
    if !multipart {
        let Form(posted) = Form::<Posted>::from_request(request, state)
            .await
            .map_err(IntoResponse::into_response)?;
        return Ok((posted, Vec::new()));
    }
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "Tệp gửi lên vượt quá giới hạn {} MB. / The upload is larger than {} MB.",
                documents::MAX_REQUEST_BYTES / (1024 * 1024),
                documents::MAX_REQUEST_BYTES / (1024 * 1024)
            ),
        )
            .into_response()
    };
    let mut form = Multipart::from_request(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let (mut posted, mut uploads) = (Vec::new(), Vec::new());
    while let Some(field) = form.next_field().await.map_err(|_| too_large())? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let bytes = field.bytes().await.map_err(|_| too_large())?.to_vec();
                uploads.push((name, Upload { file_name, bytes }));
            }
            None => posted.push((name, field.text().await.map_err(|_| too_large())?)),
        }
    }
    Ok((posted, uploads))
}

pub async fn save_step(
    State(state): State<AppState>,
    page: PageContext,
    Path((id, step_id)): Path<(String, String)>,
    request: Request,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (mut application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    let Some(step) = definition
        .step(&step_id)
        .filter(|step| step.is_asked(&application.answers, &application.context))
    else {
        return pages::not_found(&state, &page);
    };
    let (posted, uploads) = match read_form(&state, request).await {
        Ok(form) => form,
        Err(response) => return response,
    };
    application.context.insert("today", json!(today_iso()));
    let lang = page.lang;
    let (new_files, mut errors) = documents::received(step, uploads, lang);
    let mut candidate = application.answers.clone();
    let today = domain::age::today_in_vietnam();
    for question in step.questions {
        if errors.iter().any(|error| error.field == question.id) {
            continue;
        }
        // A document's answer is never what the form says: it is the file received now (stored
        // once the page is accepted), or the one stored before for this application and
        // question (kept when another answer on the page is refused).
        let answer = match question.kind {
            Kind::Document(_) if new_files.iter().any(|file| file.question == question.id) => {
                candidate.set(question.id, documents::RECEIVED.to_string());
                continue;
            }
            Kind::Document(_) => application.answers.get(question.id).map(str::to_string),
            _ => posted_answer(&posted, question),
        };
        match validation::check(question, answer.as_deref(), &application.context, today) {
            Ok(value) => candidate.set(question.id, value),
            Err(refusal) => errors.push(FieldError {
                field: question.id,
                message: refusal.get(lang).to_string(),
            }),
        }
    }
    if errors.is_empty() {
        if let Some(validate) = step.validate {
            errors.extend(validate(&candidate, &application.context).into_iter().map(
                |(field, message)| FieldError {
                    field,
                    message: message.get(lang).to_string(),
                },
            ));
        }
    }
    if errors.is_empty() {
        let checked = run_checks(
            &state,
            &page,
            definition,
            step,
            &candidate,
            &application.context,
        )
        .await;
        match checked {
            Ok(check_errors) => errors.extend(check_errors),
            Err(()) => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).registry_check_unavailable.to_string(),
            }),
        }
    }
    // Files are stored only for a step that is accepted, so a refused page leaves nothing behind.
    let (mut stored_now, mut replaced) = (Vec::new(), Vec::new());
    if errors.is_empty() {
        for file in new_files {
            let question = file.question;
            match documents::store(&state, &application, file).await {
                Ok(stored) => {
                    replaced.extend(application.answers.get(question).map(str::to_string));
                    stored_now.push(stored.clone());
                    candidate.set(question, stored);
                }
                Err(refusal) => errors.push(FieldError {
                    field: question,
                    message: refusal.get(lang).to_string(),
                }),
            }
        }
    }
    if errors.is_empty() {
        // The answers change: a payment begun for the old ones must not be payable any more.
        match crate::payments::withdraw(&state, &application).await {
            Withdrawal::Done => {}
            Withdrawal::Paid(payment_id) => {
                documents::discard(&state, &application.id, &stored_now).await;
                return Redirect::to(&crate::payments::return_path(&id, &payment_id))
                    .into_response();
            }
            Withdrawal::Unavailable => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).payment_unavailable.to_string(),
            }),
        }
    }
    if errors.is_empty() {
        candidate.complete(step.id);
        let saving = Application {
            answers: candidate,
            ..application.clone()
        };
        match save(&state, &saving).await {
            Ok(true) => {
                documents::discard(&state, &application.id, &replaced).await;
                return Redirect::to(&next_url(definition, &saving)).into_response();
            }
            // Another window saved this draft (or began its payment) since it was read.
            Ok(false) => errors.push(FieldError {
                field: step.questions[0].id,
                message: strings(lang).changed_elsewhere.to_string(),
            }),
            Err(_) => {
                documents::discard(&state, &application.id, &stored_now).await;
                return unavailable(&state, &page, service);
            }
        }
    }
    documents::discard(&state, &application.id, &stored_now).await;
    // What was typed comes back as typed, so nothing is lost.
    let values: BTreeMap<String, String> = step
        .questions
        .iter()
        .map(|question| {
            let value = match question.kind {
                Kind::Document(_) => application.answers.get(question.id).map(str::to_string),
                _ => posted_answer(&posted, question),
            };
            (question.id.to_string(), value.unwrap_or_default())
        })
        .collect();
    render_step(
        &state,
        &page,
        &application,
        definition,
        service,
        step,
        &values,
        &errors,
    )
}

/// Saves a draft, keeping it for the configured time from this change.
async fn save(state: &AppState, application: &Application) -> Result<bool, sqlx::Error> {
    let lifetime = state.config.draft_lifetime.as_secs() as i64;
    applications::save_draft(&state.db, application, lifetime).await
}

/// Registry checks of a step's typed identifiers. `Err` when the registry cannot answer now.
async fn run_checks(
    state: &AppState,
    page: &PageContext,
    definition: &Definition,
    step: &Step,
    answers: &domain::engine::Answers,
    context: &Context,
) -> Result<Vec<FieldError>, ()> {
    let Some(citizen) = &page.citizen else {
        return Ok(Vec::new());
    };
    let text = strings(page.lang);
    let mut errors = Vec::new();
    for check in step.checks {
        let answer = |id: &str| answers.get(id).unwrap_or("").to_string();
        match *check {
            RegistryCheck::VerifyPerson {
                id,
                name,
                date_of_birth,
            } => {
                let read = ReadContext {
                    actor: &citizen.personal_id,
                    subject: &answer(id),
                    purpose: definition.slug(),
                    request_id: page.request_id.as_deref(),
                };
                let body = json!({ "personal_id": answer(id), "full_name": answer(name), "date_of_birth": answer(date_of_birth) });
                match state
                    .registry
                    .read::<Value>(&read, "/v1/people/verify", &body)
                    .await
                {
                    Ok(result) if result["match"] == Value::Bool(true) => {}
                    Ok(_) | Err(RegistryError::NotFound) => errors.push(FieldError {
                        field: id,
                        message: text.person_mismatch.into(),
                    }),
                    Err(_) => return Err(()),
                }
            }
            RegistryCheck::PersonMeets { id, rule } => {
                // A person the registry did not verify already has a message beside the field.
                if errors.iter().any(|error: &FieldError| error.field == id) {
                    continue;
                }
                let read = ReadContext {
                    actor: &citizen.personal_id,
                    subject: &answer(id),
                    purpose: definition.slug(),
                    request_id: page.request_id.as_deref(),
                };
                let body = json!({ "personal_id": answer(id) });
                match state
                    .registry
                    .read::<Value>(&read, "/v1/people/get", &body)
                    .await
                {
                    Ok(person) => {
                        if let Err(reason) = rule(&person, answers, context) {
                            errors.push(FieldError {
                                field: id,
                                message: reason.get(page.lang).to_string(),
                            });
                        }
                    }
                    Err(RegistryError::NotFound) => errors.push(FieldError {
                        field: id,
                        message: text.person_mismatch.into(),
                    }),
                    Err(_) => return Err(()),
                }
            }
            RegistryCheck::OwnRecord {
                id,
                endpoint,
                by,
                holder,
                refusal,
            } => {
                let read = ReadContext {
                    actor: &citizen.personal_id,
                    subject: &citizen.personal_id,
                    purpose: definition.slug(),
                    request_id: page.request_id.as_deref(),
                };
                let body = json!({ by: answer(id) });
                match state.registry.read::<Value>(&read, endpoint, &body).await {
                    Ok(record) if record[holder] == Value::String(citizen.personal_id.clone()) => {}
                    // Someone else's record gets the same answer as no record: whose it is stays private.
                    Ok(_) | Err(RegistryError::NotFound) | Err(RegistryError::Refused(_)) => errors
                        .push(FieldError {
                            field: id,
                            message: refusal.get(page.lang).to_string(),
                        }),
                    Err(RegistryError::Unavailable) => return Err(()),
                }
            }
        }
    }
    Ok(errors)
}

pub async fn show_check(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let (application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => return response,
    };
    if let Some(elsewhere) = not_ready_to_send(&state, &page, &application, definition, service) {
        return elsewhere;
    }
    render_check(&state, &page, &application, definition, service, &[])
}

/// Where a draft goes instead of the check page: its next question while it is incomplete, the
/// waiting page while it cannot be sent yet.
fn not_ready_to_send(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
) -> Option<Response> {
    if definition
        .next_step(&application.answers, &application.context)
        .is_some()
    {
        return Some(Redirect::to(&next_url(definition, application)).into_response());
    }
    waiting_page(state, page, application, definition, service)
}

/// The page of a complete draft that cannot be sent yet: why, what to do, and "check again".
fn waiting_page(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
) -> Option<Response> {
    let reason = definition.ready?(&application.answers, &application.context).err()?;
    let lang = page.lang;
    let text = strings(lang);
    let body = app::journey::waiting(
        lang,
        service.name.get(lang),
        reason.get(lang),
        &application.id,
    );
    Some(page.page_with_status(state, StatusCode::OK, text.waiting_title, body))
}

/// Each answered question as the check page and the application page show it.
pub fn answer_rows(
    definition: &'static Definition,
    application: &Application,
    lang: Lang,
) -> Vec<AnswerRow> {
    definition
        .asked_steps(&application.answers, &application.context)
        .into_iter()
        .flat_map(|step| step.questions.iter().map(move |question| (step, question)))
        .filter_map(|(step, question)| {
            let stored = application.answers.get(question.id)?;
            let value = match question.kind {
                Kind::Choice(options) => options
                    .choices(&application.context, lang)
                    .into_iter()
                    .find(|choice| choice.value == stored)
                    .map_or_else(|| stored.to_string(), |choice| choice.label),
                Kind::Choices(options) => options
                    .choices(&application.context, lang)
                    .into_iter()
                    .filter(|choice| application.answers.includes(question.id, &choice.value))
                    .map(|choice| choice.label)
                    .collect::<Vec<_>>()
                    .join("; "),
                Kind::Date { .. } => domain::definitions::common::display_date(stored, lang),
                Kind::Document(_) => domain::engine::documents::shown_name(stored).to_string(),
                _ => stored.to_string(),
            };
            Some(AnswerRow {
                label: question.label.get(lang).to_string(),
                value,
                change_href: format!("/applications/{}/{}", application.id, step.id),
            })
        })
        .collect()
}

fn render_check(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    definition: &'static Definition,
    service: &Service,
    errors: &[FieldError],
) -> Response {
    let lang = page.lang;
    let last = definition
        .asked_steps(&application.answers, &application.context)
        .last()
        .map(|step| step.id);
    let body = app::journey::check_page(
        lang,
        CheckPage {
            action: format!("/applications/{}/submit", application.id),
            back: last.map_or_else(
                || format!("/services/{}", service.slug),
                |step| format!("/applications/{}/{step}", application.id),
            ),
            service_name: service.name.get(lang),
            prefilled: prefilled(definition, &application.context, lang),
            answers: answer_rows(definition, application, lang),
            fee_vnd: (definition.fee)(&application.answers, &application.context),
            definition,
            errors,
            on_behalf: acting_for::on_behalf(application).as_ref(),
        },
    );
    let title = forms::title(lang, strings(lang).check_answers_title, errors);
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    page.page_with_status(state, status, &title, body)
}

pub async fn submit(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
    Form(posted): Form<Posted>,
) -> Response {
    if let Some(refused) = level_1_refused(&state, &page, None).await {
        return refused;
    }
    let (mut application, definition, service) = match load_draft(&state, &page, &id).await {
        Ok(loaded) => loaded,
        Err(response) => {
            // A second click, the back button, or a second tab finds it already submitted: the
            // confirmation rather than an error.
            return match crate::tracking::own_application(&state, &page, &id).await {
                Ok(submitted) if submitted.reference.is_some() => {
                    Redirect::to(&format!("/applications/{id}/confirmation")).into_response()
                }
                _ => response,
            };
        }
    };
    if let Some(elsewhere) = not_ready_to_send(&state, &page, &application, definition, service) {
        return elsewhere;
    }
    if posted_value(&posted, "declaration") != Some("yes") {
        let errors = [FieldError {
            field: "declaration",
            message: strings(page.lang).declaration_missing.into(),
        }];
        return render_check(&state, &page, &application, definition, service, &errors);
    }
    let object_key = object_key(definition, &application);
    if let Some(refused) =
        already_open(&state, &page, service, object_key.clone(), &application.id).await
    {
        return refused;
    }
    if application.status == Status::AwaitingPayment {
        // Declared again (back from the gateway): the payment begun before is withdrawn, and the
        // draft declared now gets a payment of its own.
        match crate::payments::withdraw(&state, &application).await {
            Withdrawal::Done => {}
            Withdrawal::Paid(payment_id) => {
                return Redirect::to(&crate::payments::return_path(&id, &payment_id))
                    .into_response()
            }
            Withdrawal::Unavailable => return crate::payments::unavailable(&state, &page),
        }
        match save(&state, &application).await {
            Ok(true) => {
                application.version += 1;
                application.status = Status::Draft;
                application.payment_id = None;
            }
            Ok(false) => {
                return not_sent(&state, &page, &application, service, SendError::Changed).await
            }
            Err(_) => return unavailable(&state, &page, service),
        }
    }
    match (definition.fee)(&application.answers, &application.context) {
        Some(fee) => {
            crate::payments::start(
                &state,
                &page,
                &application,
                service,
                fee,
                object_key.as_deref(),
            )
            .await
        }
        None => finish(&state, &page, &application, service, None).await,
    }
}

/// What `application` concerns, for refusing a second one about it while it is open.
fn object_key(definition: &Definition, application: &Application) -> Option<String> {
    definition.object_of(
        &application.subject_id,
        &application.answers,
        &application.context,
    )
}

/// Submits (once) the version of the draft that was checked and declared, with the payment that
/// paid for it, and shows the confirmation. Nothing incomplete or not ready is ever sent, whatever
/// led here.
pub async fn finish(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    paid: Option<(&str, u64)>,
) -> Response {
    let Some(definition) = definitions::by_slug(&application.service) else {
        return pages::not_found(state, page);
    };
    if !definition.may_send(&application.answers, &application.context) {
        return Redirect::to(&next_url(definition, application)).into_response();
    }
    let object_key = object_key(definition, application);
    let sending = applications::Sending {
        application,
        paid,
        object_key: object_key.as_deref(),
    };
    match applications::submit(&state.db, sending).await {
        Ok(_) => {
            Redirect::to(&format!("/applications/{}/confirmation", application.id)).into_response()
        }
        Err(error) => not_sent(state, page, application, service, error).await,
    }
}

/// Why a draft was not sent, as the citizen reads it: changed meanwhile (check it again), about
/// something another open application concerns, or the database not answering.
pub async fn not_sent(
    state: &AppState,
    page: &PageContext,
    application: &Application,
    service: &Service,
    error: SendError,
) -> Response {
    match error {
        SendError::Changed => {
            Redirect::to(&format!("/applications/{}/check", application.id)).into_response()
        }
        SendError::AlreadyOpen => {
            let key = definitions::by_slug(&application.service)
                .and_then(|definition| object_key(definition, application));
            already_open(state, page, service, key, &application.id)
                .await
                .unwrap_or_else(|| already_open_page(page, state, service, None))
        }
        SendError::Database(_) => unavailable(state, page, service),
    }
}

/// The refusal of a second application about what an open one (other than `asking`, the draft
/// being sent) concerns, with the way to the open one when it is the citizen's own; `None` when
/// nothing open concerns it.
async fn already_open(
    state: &AppState,
    page: &PageContext,
    service: &Service,
    object_key: Option<String>,
    asking: &str,
) -> Option<Response> {
    let key = object_key?;
    let open = match applications::open_about(&state.db, &key, asking).await {
        Ok(open) => open?,
        Err(_) => return Some(unavailable(state, page, service)),
    };
    let (open_id, applicant) = open;
    let own = page
        .citizen
        .as_ref()
        .is_some_and(|citizen| citizen.personal_id == applicant);
    let link = own.then(|| format!("/applications/{open_id}"));
    Some(already_open_page(page, state, service, link))
}

fn already_open_page(
    page: &PageContext,
    state: &AppState,
    service: &Service,
    link: Option<String>,
) -> Response {
    let text = strings(page.lang);
    let body = app::journey::already_open(page.lang, service.name.get(page.lang), link);
    page.page_with_status(state, StatusCode::CONFLICT, text.already_open_title, body)
}

pub async fn confirmation(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let application = match crate::tracking::own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let (Some(reference), Some(service)) = (
        &application.reference,
        catalogue::by_slug(&application.service),
    ) else {
        return Redirect::to(&format!("/applications/{id}")).into_response();
    };
    let lang = page.lang;
    let body = app::journey::confirmation(
        lang,
        ConfirmationPage {
            application_id: &application.id,
            reference,
            time_limit: service.time_limit.get(lang),
            on_behalf: acting_for::on_behalf(&application).as_ref(),
        },
    );
    page.page(&state, strings(lang).confirmation_title, body)
}

/// Status labels in the page's language.
pub fn status_label(status: Status, lang: Lang) -> &'static str {
    status.label().get(lang)
}

/// Text of a stored note in the page's language.
pub fn note(vi: &str, en: &str, lang: Lang) -> String {
    match lang {
        Lang::Vi => vi.to_string(),
        Lang::En => en.to_string(),
    }
}
