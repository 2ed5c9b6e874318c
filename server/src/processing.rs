//! The agencies' stand-in: a worker that moves submitted applications on — received, in progress,
//! decided — and writes each decision into the registry through its API, as the agencies' own
//! systems would. Every registry write carries an idempotency key derived from the reference, so
//! a retry after a registry outage (or a restart mid-way) never does anything twice.

use crate::applications::{self, Application, Status};
use crate::registry_client::{ReadContext, RegistryError};
use crate::AppState;
use domain::definitions;
use domain::engine::Submitted;
use domain::text::{Lang, Text};
use serde_json::{json, Value};

/// One line of a decision as the citizen sees it.
fn outcome_line(label: Text, value: impl Into<String>) -> Value {
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
                    (label, line["value"].as_str().unwrap_or_default().to_string())
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
                    Text::new("Cơ quan giải quyết đang xử lý hồ sơ", "The agency is processing the application"),
                    None,
                )
                .await?;
            }
            Status::InProgress => match decide(state, &application).await {
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
            },
            _ => {}
        }
    }
    Ok(())
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
                Decision::Refused(Text::new(
                    "Cơ sở dữ liệu không chấp nhận kết quả; cơ quan sẽ liên hệ với bạn",
                    "The registry did not accept the decision; the agency will contact you",
                ))
            }
        }
    }
}

/// Makes the decision: the registry writes the service's definition calls for, then the lines
/// the citizen sees.
async fn decide(state: &AppState, application: &Application) -> Result<Vec<Value>, Decision> {
    let Some(definition) = definitions::by_slug(&application.service) else {
        return Err(Decision::Refused(Text::new("Dịch vụ không còn được hỗ trợ", "The service is no longer offered")));
    };
    let reference = application.reference.as_deref().unwrap_or(&application.id);
    let submitted = Submitted {
        answers: &application.answers,
        context: &application.context,
        subject_id: &application.subject_id,
        reference,
    };
    let context = ReadContext {
        actor: "agency",
        subject: &application.subject_id,
        purpose: &application.service,
        request_id: None,
    };
    let mut responses = Vec::new();
    for write in (definition.effects.writes)(&submitted) {
        let key = format!("{reference}-{}", write.key);
        let response: Value = state.registry.write(&context, write.path, &key, &write.body).await?;
        responses.push(response);
    }
    Ok((definition.effects.outcome)(&submitted, &responses)
        .into_iter()
        .map(|line| outcome_line(line.label, line.value))
        .collect())
}
