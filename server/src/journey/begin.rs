//! Beginning a draft: resuming the citizen's draft of a service about a person, or starting one
//! prefilled from that person's registry data.

use crate::auth::citizen::Citizen;
use crate::clients::payment_gateway::Withdrawal;
use crate::journey::draft::{next_url, save, unavailable};
use crate::journey::payment;
use crate::journey::sending::already_open;
use crate::journey::sources::draft_context;
use crate::state::AppState;
use crate::store::applications::{self, Application, NewDraft};
use crate::web::rendering::PageContext;
use app::strings::strings;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use domain::catalogue::Service;
use domain::engine::{Answers, Concerns, Context, Definition};
use domain::records::Relative;
use domain::text::Text;

/// Resumes the citizen's draft of this service about this person (themselves, or `child`), or
/// starts one prefilled from that person's registry data.
pub(super) async fn begin(
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
        return not_eligible(state, page, service, reason);
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

/// The page saying this person cannot use the service, and why (422).
fn not_eligible(state: &AppState, page: &PageContext, service: &Service, reason: Text) -> Response {
    let text = strings(page.lang);
    let body = app::journey::not_possible(
        page.lang,
        service.name.get(page.lang),
        text.not_eligible_title,
        reason.get(page.lang),
    );
    page.page_with_status(
        state,
        StatusCode::UNPROCESSABLE_ENTITY,
        text.not_eligible_title,
        body,
    )
}

/// Reads the registry again for a draft being resumed (a hospital may have sent a health check
/// since), keeping every answer, and goes on where the citizen stopped.
pub(super) async fn refresh_and_continue(
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
    match state.payments.withdraw(&draft).await {
        Withdrawal::Done => {}
        Withdrawal::Paid(payment_id) => {
            return Redirect::to(&payment::return_path(&draft.id, &payment_id)).into_response()
        }
        Withdrawal::Unavailable => return payment::unavailable(state, page),
    }
    if save(state, &draft).await.is_err() {
        return unavailable(state, page, service);
    }
    Redirect::to(&next_url(definition, &draft)).into_response()
}
