//! The registry checks a step declares on its typed identifiers: that a person named exists as
//! typed, that they meet the service's rule, or that a record typed is the applicant's own.

use crate::auth::citizen::Citizen;
use crate::clients::registry_client::{CallContext, RegistryError};
use crate::state::AppState;
use crate::web::rendering::PageContext;
use app::forms::FieldError;
use app::strings::strings;
use domain::engine::{Answers, Context, Definition, PersonRule, RegistryCheck, Step};
use domain::text::Text;
use serde_json::{json, Value};

/// What a check found: nothing to say, a message beside a field, or no answer from the registry.
enum Finding {
    Passed,
    Refused(&'static str, String),
    Unavailable,
}

/// One step's checks, run in order for the citizen on the page.
struct Checking<'a> {
    state: &'a AppState,
    page: &'a PageContext,
    citizen: &'a Citizen,
    purpose: &'a str,
    answers: &'a Answers,
    context: &'a Context,
}

/// Registry checks of a step's typed identifiers. `Err` when the registry cannot answer now.
pub(super) async fn run_checks(
    state: &AppState,
    page: &PageContext,
    definition: &Definition,
    step: &Step,
    answers: &Answers,
    context: &Context,
) -> Result<Vec<FieldError>, ()> {
    let Some(citizen) = &page.citizen else {
        return Ok(Vec::new());
    };
    let checking = Checking {
        state,
        page,
        citizen,
        purpose: definition.slug(),
        answers,
        context,
    };
    let mut errors: Vec<FieldError> = Vec::new();
    for check in step.checks {
        let finding = match *check {
            RegistryCheck::VerifyPerson {
                id,
                name,
                date_of_birth,
            } => checking.verify_person(id, name, date_of_birth).await,
            // A person the registry did not verify already has a message beside the field.
            RegistryCheck::PersonMeets { id, .. } if errors.iter().any(|e| e.field == id) => {
                Finding::Passed
            }
            RegistryCheck::PersonMeets { id, rule } => checking.person_meets(id, rule).await,
            RegistryCheck::OwnRecord {
                id,
                endpoint,
                by,
                holder,
                refusal,
            } => checking.own_record(id, endpoint, by, holder, refusal).await,
        };
        match finding {
            Finding::Passed => {}
            Finding::Refused(field, message) => errors.push(FieldError { field, message }),
            Finding::Unavailable => return Err(()),
        }
    }
    Ok(errors)
}

impl Checking<'_> {
    fn answer(&self, id: &str) -> String {
        self.answers.get(id).unwrap_or("").to_string()
    }

    /// A read about `subject` by the citizen, under the service's purpose.
    async fn read(
        &self,
        subject: &str,
        endpoint: &str,
        body: &Value,
    ) -> Result<Value, RegistryError> {
        let read = CallContext {
            actor: &self.citizen.personal_id,
            subject,
            purpose: self.purpose,
            request_id: self.page.request_id.as_deref(),
        };
        self.state
            .registry
            .read::<Value>(&read, endpoint, body)
            .await
    }

    fn person_mismatch(&self, field: &'static str) -> Finding {
        Finding::Refused(field, strings(self.page.lang).person_mismatch.into())
    }

    async fn verify_person(&self, id: &'static str, name: &str, date_of_birth: &str) -> Finding {
        let person = self.answer(id);
        let body = json!({ "personal_id": person, "full_name": self.answer(name), "date_of_birth": self.answer(date_of_birth) });
        match self.read(&person, "/v1/people/verify", &body).await {
            Ok(result) if result["match"] == Value::Bool(true) => Finding::Passed,
            Ok(_) | Err(RegistryError::NotFound) => self.person_mismatch(id),
            Err(_) => Finding::Unavailable,
        }
    }

    async fn person_meets(&self, id: &'static str, rule: PersonRule) -> Finding {
        let person = self.answer(id);
        let body = json!({ "personal_id": person });
        match self.read(&person, "/v1/people/get", &body).await {
            Ok(record) => match rule(&record, self.answers, self.context) {
                Ok(()) => Finding::Passed,
                Err(reason) => Finding::Refused(id, reason.get(self.page.lang).to_string()),
            },
            Err(RegistryError::NotFound) => self.person_mismatch(id),
            Err(_) => Finding::Unavailable,
        }
    }

    async fn own_record(
        &self,
        id: &'static str,
        endpoint: &str,
        by: &str,
        holder: &str,
        refusal: Text,
    ) -> Finding {
        let body = json!({ by: self.answer(id) });
        let applicant = &self.citizen.personal_id;
        match self.read(applicant, endpoint, &body).await {
            Ok(record) if record[holder] == Value::String(applicant.clone()) => Finding::Passed,
            // Someone else's record gets the same answer as no record: whose it is stays private.
            Ok(_) | Err(RegistryError::NotFound) | Err(RegistryError::Refused(_)) => {
                Finding::Refused(id, refusal.get(self.page.lang).to_string())
            }
            Err(RegistryError::Unavailable) => Finding::Unavailable,
        }
    }
}
