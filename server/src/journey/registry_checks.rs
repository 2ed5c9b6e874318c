//! The registry checks of a step's typed identifiers: that a person named exists as typed, meets
//! the service's rule, or that a licence is the applicant's own.

use crate::clients::registry_client::{CallContext, RegistryError};
use crate::state::AppState;
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::strings;
use domain::engine::{Context, Definition, RegistryCheck, Step};
use serde_json::{json, Value};

/// Registry checks of a step's typed identifiers. `Err` when the registry cannot answer now.
pub(super) async fn run_checks(
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
                let read = CallContext {
                    actor: &citizen.personal_id,
                    subject: &answer(id),
                    purpose: definition.slug,
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
                let read = CallContext {
                    actor: &citizen.personal_id,
                    subject: &answer(id),
                    purpose: definition.slug,
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
            RegistryCheck::LicenceOfApplicant { number } => {
                let read = CallContext {
                    actor: &citizen.personal_id,
                    subject: &citizen.personal_id,
                    purpose: definition.slug,
                    request_id: page.request_id.as_deref(),
                };
                let body = json!({ "licence_number": answer(number) });
                match state
                    .registry
                    .read::<Value>(&read, "/v1/licences/get", &body)
                    .await
                {
                    Ok(licence)
                        if licence["holder_id"] == Value::String(citizen.personal_id.clone()) => {}
                    // Someone else's licence gets the same answer as no licence: whose it is stays private.
                    Ok(_) | Err(RegistryError::NotFound) | Err(RegistryError::Refused(_)) => errors
                        .push(FieldError {
                            field: number,
                            message: text.licence_not_yours.into(),
                        }),
                    Err(RegistryError::Unavailable) => return Err(()),
                }
            }
        }
    }
    Ok(errors)
}
