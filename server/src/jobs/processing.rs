//! The agencies' stand-in: a worker that moves submitted applications on — received, in progress,
//! more information needed where a service's rule asks for it, decided — and writes each
//! decision into the registry through its API, as the agencies' own systems would. Every registry write carries an idempotency key derived from the reference, so
//! a retry after a registry outage (or a restart mid-way) never does anything twice.

use crate::applications::information;
use crate::auth::acting_for;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::jobs::agreement::{self, Agreement};
use crate::state::AppState;
use crate::store::applications::{self, Application};
use crate::store::status::Status;
use app::journey::OnBehalf;
use domain::definitions;
use domain::engine::{Context, Definition, Submitted, CONSENT, SERVICE_WITHDRAWN, WRITE_REFUSED};
use domain::text::{Lang, OwnedText, Text};
use serde_json::{json, Value};

/// One line of a decision as the citizen sees it.
pub fn outcome_line(label: Text, value: impl Into<String>) -> Value {
    json!({ "vi": label.vi, "en": label.en, "value": value.into() })
}

/// The decision's lines in the page's language.
pub fn outcome_rows(application: &Application, lang: Lang) -> Vec<(String, String)> {
    application
        .outcome
        .as_ref()
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|line| {
                    let label = line[lang.tag()].as_str().unwrap_or_default().to_string();
                    (
                        label,
                        line["value"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Runs until the process ends.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(state.config.processing_interval);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            if let Err(error) = tick(&state).await {
                tracing::warn!(%error, "processing round failed; it will be tried again");
            }
        }
    });
}

/// One round: each pending application moves one stage on, if it can.
pub async fn tick(state: &AppState) -> Result<(), sqlx::Error> {
    for application in applications::pending_processing(&state.db, 50).await? {
        match application.status {
            Status::Submitted => {
                applications::advance(
                    &state.db,
                    &application.id,
                    Status::Submitted,
                    Status::InProgress,
                    taken_up(&application),
                    None,
                )
                .await?;
            }
            Status::InProgress => {
                // The agency asks first what it needs to know; it decides once answered.
                if information::ask_if_needed(state, &application).await? {
                    continue;
                }
                match decide(state, &application).await {
                    Ok(outcome) => {
                        applications::advance(
                            &state.db,
                            &application.id,
                            Status::InProgress,
                            Status::Decided,
                            Text::new("Đã có kết quả giải quyết", "A decision has been made"),
                            Some(&Value::Array(outcome)),
                        )
                        .await?;
                    }
                    Err(Decision::Retry) => {}
                    Err(Decision::Refused(reason)) => {
                        applications::advance(
                            &state.db,
                            &application.id,
                            Status::InProgress,
                            Status::Rejected,
                            reason,
                            None,
                        )
                        .await?;
                    }
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The agency's first line on the timeline, which says who applied for whom when a parent
/// applied for their child (the decision is the child's).
fn taken_up(application: &Application) -> OwnedText {
    match acting_for::on_behalf(application) {
        None => Text::new(
            "Cơ quan giải quyết đang xử lý hồ sơ",
            "The agency is processing the application",
        )
        .into(),
        Some(OnBehalf { applicant, child }) => OwnedText::new(
            format!("Cơ quan giải quyết đang xử lý hồ sơ do {applicant} nộp thay cho con là {child}"),
            format!("The agency is processing the application submitted by {applicant} for their child {child}"),
        ),
    }
}

enum Decision {
    /// The registry could not be reached: the application waits for the next round.
    Retry,
    Refused(Text),
}

impl From<RegistryError> for Decision {
    fn from(error: RegistryError) -> Self {
        match error {
            RegistryError::Unavailable => Decision::Retry,
            other => {
                tracing::warn!(?other, "the registry refused a decision's write");
                Decision::Refused(WRITE_REFUSED)
            }
        }
    }
}

/// The draft's context with the answer of the citizen whose agreement the service needs; until
/// they answer, the application waits (see [`agreement::of`]).
async fn with_consent(
    state: &AppState,
    application: &Application,
    definition: &Definition,
) -> Result<Context, Decision> {
    let mut context = application.context.clone();
    match agreement::of(&state.db, application, definition).await {
        Ok(Agreement::NotNeeded) => {}
        Ok(Agreement::Answered(answer)) => {
            context.insert(CONSENT, answer);
        }
        Ok(Agreement::Waiting) | Err(_) => return Err(Decision::Retry),
    }
    Ok(context)
}

/// Makes the decision: the registry writes the service's definition calls for, then the lines
/// the citizen sees.
async fn decide(state: &AppState, application: &Application) -> Result<Vec<Value>, Decision> {
    let Some(definition) = definitions::by_slug(&application.service) else {
        return Err(Decision::Refused(SERVICE_WITHDRAWN));
    };
    let reference = application.reference.as_deref().unwrap_or(&application.id);
    let context = with_consent(state, application, definition).await?;
    let submitted = Submitted {
        answers: &application.answers,
        context: &context,
        subject_id: &application.subject_id,
        reference,
    };
    let read = CallContext {
        actor: "agency",
        subject: &application.subject_id,
        purpose: &application.service,
        request_id: None,
    };
    let read = &read;
    let responses = definition
        .effects
        .write(&submitted, |write| async move {
            let response: Value = state
                .registry
                .write(read, write.path, &write.idempotency_key, &write.body)
                .await?;
            let _ = applications::note_progress(
                &state.db,
                &application.id,
                Status::InProgress,
                write.note,
            )
            .await;
            Ok::<_, Decision>(response)
        })
        .await?;
    Ok((definition.effects.outcome)(&submitted, &responses)
        .into_iter()
        .map(|line| outcome_line(line.label, line.value))
        .collect())
}
