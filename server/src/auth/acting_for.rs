//! A parent acting for their child under 14, who has no eID account of their own. The registry
//! says which children a citizen may act for, asked under the purpose of the service at hand; the
//! read is about the parent, so a child who is not theirs is never read at all. It is asked again
//! on every request that acts for a child: a form naming someone else's child, or a draft for a
//! child who has turned 14 since, gets nowhere.
//!
//! An application made for a child is the parent's: only the applicant sees it, as with any
//! application (not the other parent, who may have applied themselves, nor the child later).

use crate::auth::citizen::Citizen;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::state::AppState;
use crate::store::applications::Application;
use crate::web::rendering::PageContext;
use app::journey::OnBehalf;
use domain::definitions::sources::PERSON;
use domain::records::Relative;
use serde_json::json;

/// The citizen's living children under 14, read for `purpose`.
pub async fn children_under_14(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    purpose: &str,
) -> Result<Vec<Relative>, RegistryError> {
    let read = CallContext {
        actor: &citizen.personal_id,
        subject: &citizen.personal_id,
        purpose,
        request_id: page.request_id.as_deref(),
    };
    state
        .registry
        .read(
            &read,
            "/v1/people/children-under-14",
            &json!({ "personal_id": citizen.personal_id }),
        )
        .await
}

/// The citizen's child under 14 with this personal ID number, if they have one.
pub async fn child(
    state: &AppState,
    page: &PageContext,
    citizen: &Citizen,
    purpose: &str,
    child_id: &str,
) -> Result<Option<Relative>, RegistryError> {
    Ok(children_under_14(state, page, citizen, purpose)
        .await?
        .into_iter()
        .find(|child| child.personal_id == child_id))
}

/// Who applied for whom, when a parent applied for their child.
pub fn on_behalf(application: &Application) -> Option<OnBehalf> {
    if application.applicant_id == application.subject_id {
        return None;
    }
    Some(OnBehalf {
        applicant: application.context.representative()?.to_string(),
        child: PERSON.read(&application.context)?.full_name,
    })
}
