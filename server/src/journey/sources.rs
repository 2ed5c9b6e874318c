//! The registry data a draft works from: every source its service needs, read by the citizen
//! under the service's purpose.

use crate::auth::citizen::Citizen;
use crate::clients::health_checks;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::state::AppState;
use crate::web::rendering::PageContext;
use domain::engine::{Context, Definition, Source, REPRESENTATIVE};
use serde_json::{json, Value};

/// The registry data a draft about `subject` works from, read by the citizen under the service's
/// purpose. When a parent acts for their child, the parent is kept beside the child's data: the
/// rules (a child's passport is asked for by a parent) and the pages need to know who applies.
pub(super) async fn draft_context(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    definition: &Definition,
    subject: &str,
) -> Result<Context, RegistryError> {
    let read = CallContext {
        actor: &citizen.personal_id,
        subject,
        purpose: definition.slug,
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
    read: &CallContext<'_>,
    definition: &Definition,
) -> Result<Context, RegistryError> {
    let subject = json!({ "personal_id": read.subject });
    let mut context = Context::default();
    for source in definition.sources {
        let value = match state
            .registry
            .read::<Value>(read, source.endpoint(), &subject)
            .await
        {
            Ok(value) => value,
            Err(RegistryError::NotFound) => Value::Null,
            Err(error) => return Err(error),
        };
        context.insert(source.key(), value);
    }
    if definition.sources.contains(&Source::HealthChecks) {
        let keys = health_checks::facility_keys(state).await;
        let mut records = context.get(Source::HealthChecks.key()).clone();
        health_checks::mark(&mut records, keys.as_ref());
        context.insert(Source::HealthChecks.key(), records);
    }
    context.insert("today", json!(today_iso()));
    Ok(context)
}

pub(super) fn today_iso() -> String {
    domain::age::today_in_vietnam().to_string()
}
