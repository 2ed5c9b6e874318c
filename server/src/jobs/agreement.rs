//! The agreement another citizen must give before an application is decided, where the service's
//! definition asks for one (`Definition::consent`: the owner of the home for a temporary
//! residence, say): that citizen is asked once, the application waits for the answer, and the
//! answer goes into the context under `CONSENT`, which the definition's decision reads. The
//! in-portal processing waits for it before deciding, the hand-over before sending the
//! application to the agency.

use crate::store::applications::{self, Application};
use crate::store::consents::{self, Answer};
use domain::engine::{Definition, Submitted};
use domain::text::Text;
use serde_json::{json, Value};
use sqlx::AnyPool;

pub enum Agreement {
    /// The service needs nobody's agreement for this application.
    NotNeeded,
    /// Asked, not answered yet.
    Waiting,
    /// Answered: the value the context holds under `CONSENT` (`"accepted"` or `"refused"`).
    Answered(Value),
}

/// Where the agreement `application` needs stands; asks for it the first time.
pub async fn of(
    db: &AnyPool,
    application: &Application,
    definition: &Definition,
) -> Result<Agreement, sqlx::Error> {
    let submitted = Submitted {
        answers: &application.answers,
        context: &application.context,
        subject_id: &application.subject_id,
        reference: application.reference.as_deref().unwrap_or(&application.id),
    };
    let Some(request) = definition.consent.and_then(|needed| needed(&submitted)) else {
        return Ok(Agreement::NotNeeded);
    };
    Ok(match consents::answer(db, &application.id).await? {
        None => {
            consents::ask(db, &application.id, &request).await?;
            let note = Text::new(
                "Đang chờ xác nhận của người liên quan",
                "Waiting for the agreement of the person concerned",
            );
            // The line is a courtesy: the request itself is recorded, so a failure here is not
            // worth asking again.
            let _ =
                applications::note_progress(db, &application.id, application.status, note).await;
            Agreement::Waiting
        }
        Some(Answer::Pending) => Agreement::Waiting,
        Some(Answer::Accepted) => Agreement::Answered(json!("accepted")),
        Some(Answer::Refused) => Agreement::Answered(json!("refused")),
    })
}
