//! Approving a case: the agency evaluates the service's definition (`domain::definitions`) on the
//! application as handed over, makes the registry writes the definition calls for, and issues
//! the decision with the lines the citizen reads. The automatic worker approves through
//! [`approve`], and so does an officer, so both write the same records under the same keys.

use domain::definitions;
use domain::engine::{Answers, Context, Definition, Submitted, SERVICE_WITHDRAWN, WRITE_REFUSED};
use domain::text::Text;
use serde_json::{json, Map, Value};
use time::{macros::offset, OffsetDateTime};

use crate::registry::WriteError;
use crate::state::AppState;
use crate::store::approvals::{self, Claim, Hold};
use crate::store::{cases, Status};

/// What approving a case came to.
#[derive(Debug, PartialEq)]
pub enum Verdict {
    /// The status to move the case to with the feed's detail: `approved` with its `result`, or
    /// `refused` with a `reason` when the registry refused a write or the service is unknown;
    /// and the hold on the case that lets this move, and no other, land.
    Decided(Status, Map<String, Value>, Hold),
    /// The registry could not be reached: the case stays as it is and is tried again later;
    /// the writes already made are not made again (same keys).
    NotNow,
    /// The case is no longer where the approver saw it, or another approval is writing.
    Busy,
    /// No case under that reference.
    NotFound,
}

/// Approves the case under `reference`, seen at `seen` (its status, and its round when the
/// approver read one): holds the case, makes its registry writes, and answers its decision's
/// detail with the hold. The caller moves the case with that hold; nothing else can meanwhile.
pub async fn approve(
    state: &AppState,
    reference: &str,
    seen: (Status, Option<i64>),
) -> Result<Verdict, sqlx::Error> {
    let hold = match approvals::claim(&state.db, reference, seen, OffsetDateTime::now_utc()).await?
    {
        Claim::Held(hold) => hold,
        Claim::Busy => return Ok(Verdict::Busy),
        Claim::NotFound => return Ok(Verdict::NotFound),
    };
    let verdict = write_and_decide(state, reference, hold.clone()).await?;
    if verdict == Verdict::NotNow {
        approvals::release(&state.db, &hold).await?;
    }
    Ok(verdict)
}

/// The registry writes of the case under `reference`, held by `hold`, and its decision.
async fn write_and_decide(
    state: &AppState,
    reference: &str,
    hold: Hold,
) -> Result<Verdict, sqlx::Error> {
    let Some(case) = cases::to_decide(&state.db, reference).await? else {
        return Ok(Verdict::NotFound);
    };
    let application = Application::from_hand_over(reference, &case.hand_over);
    let Some(definition) = definitions::by_slug(&application.service) else {
        return Ok(Verdict::Decided(
            Status::Refused,
            refusal(SERVICE_WITHDRAWN),
            hold,
        ));
    };
    let submitted = application.submitted();
    let mut notes = Vec::new();
    let written = definition
        .effects
        .write(&submitted, |write| {
            notes.push(write.note);
            let service = definition.slug();
            async move {
                state
                    .registry
                    .write(service, write.path, &write.idempotency_key, &write.body)
                    .await
            }
        })
        .await;
    let responses = match written {
        Ok(responses) => responses,
        Err(WriteError::Unavailable) => return Ok(Verdict::NotNow),
        Err(WriteError::Refused(_)) => {
            return Ok(Verdict::Decided(
                Status::Refused,
                refusal(WRITE_REFUSED),
                hold,
            ))
        }
    };
    let issued_on = OffsetDateTime::now_utc().to_offset(offset!(+7)).date();
    let number = record_number(&case.agency, issued_on.year(), case.id);
    let result = result(
        definition,
        &submitted,
        &responses,
        &notes,
        &number,
        &issued_on.to_string(),
    );
    let mut detail = Map::new();
    detail.insert("result".into(), result);
    Ok(Verdict::Decided(Status::Approved, detail, hold))
}

/// The feed's detail of a refusal: the reason the citizen reads.
fn refusal(reason: Text) -> Map<String, Value> {
    let mut detail = Map::new();
    detail.insert("reason".into(), json!({ "vi": reason.vi, "en": reason.en }));
    detail
}

/// The agency's own number for the decision: the office, the year, the case.
fn record_number(agency: &str, year: i32, case: i64) -> String {
    let office = agency.replace(':', "-").to_ascii_uppercase();
    format!("{office}/{year}/{case:06}")
}

/// The feed's `result` of an approval: the record issued (`number`, `issued_on`), the lines the
/// citizen reads (`lines`: `{vi, en, value}`, the definition's outcome) and what each registry
/// write did (`notes`: `{vi, en}`, in order), for the application's timeline.
fn result(
    definition: &Definition,
    submitted: &Submitted,
    responses: &[Value],
    notes: &[Text],
    number: &str,
    issued_on: &str,
) -> Value {
    let lines: Vec<Value> = (definition.effects.outcome)(submitted, responses)
        .into_iter()
        .map(|line| json!({ "vi": line.label.vi, "en": line.label.en, "value": line.value }))
        .collect();
    let notes: Vec<Value> = notes
        .iter()
        .map(|note| json!({ "vi": note.vi, "en": note.en }))
        .collect();
    json!({ "number": number, "issued_on": issued_on, "lines": lines, "notes": notes })
}

/// The application as the portal handed it over, as the definitions read it.
struct Application {
    service: String,
    answers: Answers,
    context: Context,
    subject_id: String,
    reference: String,
}

impl Application {
    /// The hand-over was checked on the way in, so a missing part can only be an older shape:
    /// it is read as empty, and the definition decides on what there is.
    fn from_hand_over(reference: &str, hand_over: &Value) -> Self {
        let mut answers = Answers::default();
        for (id, value) in hand_over["answers"].as_object().into_iter().flatten() {
            let text = value
                .as_str()
                .map_or_else(|| value.to_string(), str::to_owned);
            answers.set(id, text);
        }
        let facts = hand_over["facts"].as_object().cloned().unwrap_or_default();
        Self {
            service: hand_over["service"].as_str().unwrap_or_default().to_owned(),
            answers,
            context: Context(facts.into_iter().collect()),
            subject_id: hand_over["subject_id"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            reference: reference.to_owned(),
        }
    }

    fn submitted(&self) -> Submitted<'_> {
        Submitted {
            answers: &self.answers,
            context: &self.context,
            subject_id: &self.subject_id,
            reference: &self.reference,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notify_stay(reference: &str) -> Application {
        Application::from_hand_over(
            reference,
            &json!({
                "service": "notify-stay", "subject_id": "079090001234",
                "answers": { "guest_name": "Trần Thị Bình", "from": "2026-12-05",
                             "until": "2026-12-08" },
                "facts": { "person": { "full_name": "Nguyễn Văn An" } },
            }),
        )
    }

    #[test]
    fn the_hand_over_is_read_as_the_definitions_read_a_submission() {
        let application = notify_stay("HS202600000001");
        let submitted = application.submitted();
        assert_eq!(submitted.answers.get("guest_name"), Some("Trần Thị Bình"));
        assert_eq!(
            submitted.context.get("person")["full_name"],
            "Nguyễn Văn An"
        );
        assert_eq!(submitted.subject_id, "079090001234");
        assert_eq!(submitted.reference, "HS202600000001");
        assert_eq!(application.service, "notify-stay");
    }

    #[test]
    fn an_approval_carries_the_definitions_lines_and_the_writes_notes() {
        let application = notify_stay("HS202600000001");
        let definition = definitions::by_slug("notify-stay").unwrap();
        let note = Text::new("Đã ghi", "Recorded");
        let result = result(
            definition,
            &application.submitted(),
            &[json!({})],
            &[note],
            "POLICE-RESIDENCE-79/2026/000001",
            "2026-12-05",
        );
        assert_eq!(result["number"], "POLICE-RESIDENCE-79/2026/000001");
        assert_eq!(result["issued_on"], "2026-12-05");
        assert_eq!(result["lines"][0]["en"], "Stay notification number");
        assert_eq!(result["lines"][0]["value"], "LT-HS202600000001");
        assert!(result["lines"][1]["value"]
            .as_str()
            .unwrap()
            .starts_with("Trần Thị Bình"));
        assert_eq!(
            result["notes"],
            json!([{ "vi": "Đã ghi", "en": "Recorded" }])
        );
    }

    #[test]
    fn a_refusal_gives_the_citizen_the_reason() {
        let detail = refusal(WRITE_REFUSED);
        assert_eq!(detail["reason"]["en"], WRITE_REFUSED.en);
        assert_eq!(
            record_number("police-residence:79", 2026, 3),
            "POLICE-RESIDENCE-79/2026/000003"
        );
    }
}
