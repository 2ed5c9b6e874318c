//! The registry data a draft works from: every source its service needs, read by the citizen
//! under the service's purpose.

use crate::auth::citizen::Citizen;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::clients::signed_records;
use crate::state::AppState;
use crate::web::rendering::PageContext;
use domain::engine::{Context, Definition, REPRESENTATIVE};
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
    read: &CallContext<'_>,
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

pub(super) fn today_iso() -> String {
    domain::age::today_in_vietnam().to_string()
}
