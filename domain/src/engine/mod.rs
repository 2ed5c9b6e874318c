//! The service engine's rules, free of I/O: what a service asks (steps of questions), how each
//! answer is checked, which step comes next, and what the citizen confirms at the end. The server
//! stores drafts and calls the registry; the pages render what this module describes.
//!
//! A service is a [`Definition`]: data plus a few small functions. Adding a service is one new
//! file in `definitions/` and one line in its list.

pub mod answers;
pub mod documents;
mod source;
pub mod validation;

pub use answers::{Answers, Context};
pub use source::{Record, Records, SignedRecords, Source, SIGNATURE_VALID};

use crate::catalogue::Service;
use crate::text::{Lang, Text};

/// A choice offered to the citizen: the value the form posts and the label shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// Where a question's choices come from.
#[derive(Clone, Copy)]
pub enum Options {
    Fixed(&'static [(&'static str, Text)]),
    /// Built from registry data, such as the citizen's own licences or vehicles.
    FromContext(fn(&Context, Lang) -> Vec<Choice>),
}

impl Options {
    pub fn choices(&self, context: &Context, lang: Lang) -> Vec<Choice> {
        match self {
            Options::Fixed(options) => options
                .iter()
                .map(|(value, label)| Choice::new(*value, label.get(lang)))
                .collect(),
            Options::FromContext(build) => build(context, lang),
        }
    }
}

/// What kind of answer a question takes; each kind has its own checks and input.
#[derive(Clone, Copy)]
pub enum Kind {
    /// One line of text, such as a name or an address line.
    Text {
        max_chars: usize,
    },
    /// Several lines, such as an explanation.
    LongText {
        max_chars: usize,
    },
    /// A person's name or a part of it: letters (with diacritics), spaces, apostrophes and hyphens
    /// (as in ethnic minority names such as H'Hen Niê).
    PersonName {
        max_chars: usize,
    },
    /// A calendar date; `past` refuses future dates, `future` refuses past ones.
    Date {
        past: bool,
        future: bool,
    },
    /// A whole number within a range, such as a count or an area in square metres.
    Number {
        min: i64,
        max: i64,
    },
    /// One of several options, as radio buttons.
    Choice(Options),
    /// At least one of several options, as checkboxes (household members to insure…); stored as
    /// the chosen values joined by commas, in the order the options are listed.
    Choices(Options),
    /// A document or photo to upload; content, size and pixels are checked, never the name.
    Document(documents::DocumentRules),
    /// A 12-digit personal ID number (shape, province and century digit checked).
    PersonalId,
    /// An identifier with a fixed shape that its service declares (a licence number, a number
    /// plate): cleaned, then checked, by the service's rules.
    Code(CodeRules),
    /// A mobile or landline number.
    Phone,
    Email,
}

/// The rules of an identifier with a fixed shape: how typed text becomes the stored form, what
/// shape that form must have, what the citizen is told when it does not, and how the input is
/// offered.
#[derive(Clone, Copy)]
pub struct CodeRules {
    /// Cleans what was typed (spaces between digit groups, dots, lower case…).
    pub normalise: fn(&str) -> String,
    /// Whether the cleaned form has the identifier's shape.
    pub is_valid: fn(&str) -> bool,
    /// The refusal of a malformed answer, stating the shape expected.
    pub refusal: Text,
    /// How many characters the input takes, with the separators people type.
    pub input_chars: usize,
    /// Whether the identifier is digits only, so that phones offer a numeric keypad.
    pub numeric: bool,
}

pub struct Question {
    pub id: &'static str,
    pub label: Text,
    pub hint: Option<Text>,
    pub kind: Kind,
    pub optional: bool,
}

/// Checks a step needs from the registry once its answers are well-formed. (Not comparable: a
/// rule is a function, and functions have no meaningful equality.)
#[derive(Debug, Clone, Copy)]
pub enum RegistryCheck {
    /// The ID number, full name and date of birth typed for another person match the registry.
    VerifyPerson {
        id: &'static str,
        name: &'static str,
        date_of_birth: &'static str,
    },
    /// The record the answer names (a licence by its number…) is the applicant's own: the
    /// registry reads the record by that value, and its holder must be the applicant. Someone
    /// else's record gets the same refusal as no record, so whose it is stays private.
    OwnRecord {
        /// The question whose answer names the record.
        id: &'static str,
        /// The registry endpoint that reads one record.
        endpoint: &'static str,
        /// The request's field carrying the answer.
        by: &'static str,
        /// The record's field holding its holder's personal ID number.
        holder: &'static str,
        /// Shown beside the answer when the record is not the applicant's.
        refusal: Text,
    },
    /// The person whose ID number was typed (and verified) meets the service's rule, judged on
    /// their registry record (a partner free to marry, a death not yet registered…); the refusal
    /// is shown beside the ID number.
    PersonMeets { id: &'static str, rule: PersonRule },
}

/// A rule about another person's registry record, given the applicant's answers and data.
pub type PersonRule = fn(&serde_json::Value, &Answers, &Context) -> Result<(), Text>;

/// Rules across a step's answers: each refusal names the field it is shown beside.
pub type CrossCheck = fn(&Answers, &Context) -> Vec<(&'static str, Text)>;

/// Whether the citizen can apply at all, given what the registry holds (a licence to renew…).
pub type Eligibility = fn(&Context) -> Result<(), Text>;

/// Whether a complete draft can be sent now; the refusal says why not and what to do.
pub type Readiness = fn(&Answers, &Context) -> Result<(), Text>;

/// The context key under which the agency records the answer to a consent request when it
/// decides: `"accepted"` or `"refused"`.
pub const CONSENT: &str = "consent";

/// Whose agreement a submitted application needs, if anyone's.
pub type ConsentNeeded = fn(&Submitted) -> Option<ConsentRequest>;

/// A request to another citizen: who, and what they are asked to agree to.
pub struct ConsentRequest {
    pub citizen_id: String,
    pub request: Text,
    /// Who asks, for what, where: the facts (names, an address, dates) shown after the request.
    pub about: String,
}

/// What the deciding agency asks the applicant before it can decide ("more information needed"),
/// given a submitted application, or `None` when the application settles everything.
pub type MoreInformation = fn(&Submitted) -> Option<InformationRequest>;

/// What an application changes in the world beyond its applicant, so that a second application
/// about the same thing is refused while the first is open: a licence renewed twice, a fine paid
/// twice, a death registered twice.
#[derive(Clone, Copy)]
pub enum Concerns {
    /// The person it is about (the applicant, or the child a parent acts for): one open
    /// application of the service per person.
    Subject,
    /// A thing the answers name (a fine, a contract, the deceased), as `kind:identifier`; `None`
    /// until they name it.
    Object(fn(&Answers, &Context) -> Option<String>),
    /// Nothing two applications could both change: several may be open at once (a stay notified
    /// for each guest).
    Nothing,
}

/// A request for more information: what is asked and why, answered in words, with a document
/// attached where `document` allows one (optional for the applicant).
pub struct InformationRequest {
    pub message: Text,
    pub document: Option<documents::DocumentRules>,
}

/// A page of the journey: usually one question, sometimes a small group that belongs together.
pub struct Step {
    pub id: &'static str,
    pub title: Text,
    pub questions: &'static [Question],
    /// Asked only when this holds (branching); `None` means always.
    pub show_if: Option<fn(&Answers, &Context) -> bool>,
    /// Rules across the step's answers, after each answer passed its own checks.
    pub validate: Option<CrossCheck>,
    pub checks: &'static [RegistryCheck],
}

/// A fact shown read-only from the registry, "not asked again".
#[derive(Clone, Copy)]
pub struct Prefilled {
    pub label: Text,
    pub value: fn(&Context, Lang) -> Option<String>,
}

/// Who an application is about: the applicant, or a child under 14 they act for (a child that
/// young has no eID account of their own, so a parent applies from theirs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    Applicant,
    ChildUnder14,
}

/// Services a citizen uses only for themselves.
pub const APPLICANT_ONLY: &[Subject] = &[Subject::Applicant];

/// Services a parent may also use for their child under 14.
pub const APPLICANT_OR_CHILD: &[Subject] = &[Subject::Applicant, Subject::ChildUnder14];

/// The context key under which a draft made by a parent for their child holds the parent
/// (`personal_id`, `full_name`); absent when citizens apply for themselves.
pub const REPRESENTATIVE: &str = "representative";

/// A submitted application as the deciding agency sees it.
pub struct Submitted<'a> {
    pub answers: &'a Answers,
    pub context: &'a Context,
    /// Whose application it is (the applicant, or the child they act for).
    pub subject_id: &'a str,
    /// The reference number: unique, so it makes idempotency keys unique too.
    pub reference: &'a str,
}

/// A write the agency makes in the registry when it decides, sent with an idempotency key made
/// of the reference and `key`, so that retries never apply it twice. A string `"@N.field"` in
/// the body stands for `field` of the N-th write's answer (a newborn's new ID number, say).
pub struct RegistryWrite {
    pub path: &'static str,
    /// What the write means to the citizen, added to the application's timeline once it is made
    /// ("Birth registered and personal ID number issued").
    pub note: Text,
    pub key: &'static str,
    pub body: serde_json::Value,
}

/// The reason the citizen reads when the registry refuses one of a decision's writes.
pub const WRITE_REFUSED: Text = Text::new(
    "Cơ sở dữ liệu không chấp nhận kết quả; cơ quan sẽ liên hệ với bạn",
    "The registry did not accept the decision; the agency will contact you",
);

/// The reason the citizen reads when the service applied for is no longer defined.
pub const SERVICE_WITHDRAWN: Text = Text::new(
    "Dịch vụ không còn được hỗ trợ",
    "The service is no longer offered",
);

/// A decision's write ready to send: its body resolved and its idempotency key made.
pub struct PendingWrite {
    pub path: &'static str,
    pub idempotency_key: String,
    pub body: serde_json::Value,
    pub note: Text,
}

impl Effects {
    /// Makes the decision's registry writes in order through `send`, which does the sending
    /// (the portal's or an agency's registry client) and answers with the registry's response;
    /// stops at the first failure. Whoever decides, the keys are the same, so a write made once
    /// is never made again. Answers the responses, for [`Effects::outcome`].
    pub async fn write<E, F, Fut>(
        &self,
        submitted: &Submitted<'_>,
        mut send: F,
    ) -> Result<Vec<serde_json::Value>, E>
    where
        F: FnMut(PendingWrite) -> Fut,
        Fut: std::future::Future<Output = Result<serde_json::Value, E>>,
    {
        let mut responses = Vec::new();
        for write in (self.writes)(submitted) {
            let pending = PendingWrite {
                path: write.path,
                idempotency_key: format!("{}-{}", submitted.reference, write.key),
                body: resolve(&write.body, &responses),
                note: write.note,
            };
            responses.push(send(pending).await?);
        }
        Ok(responses)
    }
}

/// Fills in values that only an earlier write can give: a string `"@N.field"` becomes `field`
/// of `responses[N]`, the N-th write's answer.
fn resolve(body: &serde_json::Value, responses: &[serde_json::Value]) -> serde_json::Value {
    use serde_json::Value;
    match body {
        Value::String(text) => text
            .strip_prefix('@')
            .and_then(|reference| reference.split_once('.'))
            .and_then(|(index, field)| {
                responses
                    .get(index.parse::<usize>().ok()?)
                    .map(|response| response[field].clone())
            })
            .unwrap_or_else(|| body.clone()),
        Value::Array(items) => {
            Value::Array(items.iter().map(|item| resolve(item, responses)).collect())
        }
        Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), resolve(value, responses)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A line of the decision as the citizen sees it ("New licence number: …").
pub struct OutcomeLine {
    pub label: Text,
    pub value: String,
}

/// What deciding an application does: registry writes, in order, then the lines the citizen
/// sees, built from the writes' answers (a new licence number, a child's new ID number…).
pub struct Effects {
    pub writes: fn(&Submitted) -> Vec<RegistryWrite>,
    pub outcome: fn(&Submitted, &[serde_json::Value]) -> Vec<OutcomeLine>,
}

/// A registry feed on which the portal prepares an application before anyone asks (a hospital's
/// birth notice prepares the newborn's registration for its parents), then tells each person
/// concerned. Each entry of the feed carries a `sequence`, the position the portal resumes from.
pub struct Trigger {
    /// The feed's name, under which the portal keeps its position.
    pub feed: &'static str,
    /// The registry endpoint listing the entries after a position (`{"after": position}`).
    pub endpoint: &'static str,
    /// The entry's field that identifies it, so that it prepares one application per person.
    pub reference: &'static str,
    /// The entry's fields naming the people concerned (personal ID numbers), each of whom gets
    /// an application of their own; a field the entry leaves empty names nobody.
    pub recipients: &'static [&'static str],
    /// What each person is told, with a link to the prepared application.
    pub notification: Text,
}

/// A service as the engine runs it.
pub struct Definition {
    /// The catalogue entry: what the home page lists and the start page says, and the slug.
    pub service: Service,
    /// Whom an application may be about: everyone applies for themselves; for some services a
    /// parent may apply for their child under 14 instead, and the registry data read, the checks
    /// and the decision are then the child's.
    pub subjects: &'static [Subject],
    /// Registry data read when the draft starts (under the service's purpose, its slug).
    pub sources: &'static [Source],
    pub prefilled: &'static [Prefilled],
    pub steps: &'static [Step],
    /// The fee in VND for these answers; `None` when nothing is to pay.
    pub fee: fn(&Answers, &Context) -> Option<u64>,
    /// Why the citizen cannot apply (no licence to renew, no birth notice…), checked on start.
    pub eligibility: Option<Eligibility>,
    /// What must hold before the citizen can send, that they cannot answer themselves (a
    /// hospital's health check…). While it fails the draft waits, and the citizen is told why and
    /// can check again once the registry has it.
    pub ready: Option<Readiness>,
    /// Someone other than the applicant who must agree before the decision (the head of the
    /// household a newborn joins); asked through their own account.
    pub consent: Option<ConsentNeeded>,
    /// When the agency asks the applicant for more before deciding; each service says when in
    /// its own rule, for a case its data can show.
    pub more_information: Option<MoreInformation>,
    /// What the application is about, for refusing a second one while the first is open.
    pub concerns: Concerns,
    /// The feed on which the portal prepares this service's applications before anyone asks.
    pub trigger: Option<Trigger>,
    pub declaration: Text,
    pub effects: Effects,
}

impl Step {
    /// Whether this step is asked, given the answers so far (branching).
    pub fn is_asked(&self, answers: &Answers, context: &Context) -> bool {
        self.show_if.is_none_or(|show| show(answers, context))
    }
}

impl Definition {
    /// The service's stable identifier, used in URLs and as the purpose of its registry reads.
    pub fn slug(&self) -> &'static str {
        self.service.slug
    }

    pub fn may_be_for(&self, subject: Subject) -> bool {
        self.subjects.contains(&subject)
    }

    pub fn step(&'static self, id: &str) -> Option<&'static Step> {
        self.steps.iter().find(|step| step.id == id)
    }

    /// The steps this citizen is asked, in order, given the answers so far.
    pub fn asked_steps(&'static self, answers: &Answers, context: &Context) -> Vec<&'static Step> {
        self.steps
            .iter()
            .filter(|step| step.is_asked(answers, context))
            .collect()
    }

    /// Whether a draft with these answers may be sent: every asked step answered, and what the
    /// citizen cannot answer in place (a hospital's health check) there.
    pub fn may_send(&'static self, answers: &Answers, context: &Context) -> bool {
        self.next_step(answers, context).is_none()
            && self
                .ready
                .is_none_or(|ready| ready(answers, context).is_ok())
    }

    /// What an application of this service about `subject` concerns (see [`Concerns`]), once the
    /// answers say it; `None` where several may be open at once. A person is concerned per
    /// service; a thing across services (the same birth notice through the newborn bundle or the
    /// birth registration alone), so its key names its kind.
    pub fn object_of(&self, subject: &str, answers: &Answers, context: &Context) -> Option<String> {
        match self.concerns {
            Concerns::Subject => Some(format!("{}|person:{subject}", self.slug())),
            Concerns::Object(object) => object(answers, context),
            Concerns::Nothing => None,
        }
    }

    /// The first asked step the citizen has not completed, or `None` when they can check their
    /// answers.
    pub fn next_step(&'static self, answers: &Answers, context: &Context) -> Option<&'static Step> {
        self.steps
            .iter()
            .find(|step| step.is_asked(answers, context) && !answers.is_completed(step.id))
    }

    /// The step after `current` among those asked, or `None` at the end.
    pub fn step_after(
        &'static self,
        current: &str,
        answers: &Answers,
        context: &Context,
    ) -> Option<&'static Step> {
        let asked = self.asked_steps(answers, context);
        let position = asked.iter().position(|step| step.id == current)?;
        asked.get(position + 1).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn later_writes_take_values_from_earlier_answers() {
        let body =
            json!({ "personal_id": "@0.personal_id", "head": "079203001234", "list": ["@1.x"] });
        let responses = [json!({ "personal_id": "079326000123" }), json!({ "x": 5 })];
        assert_eq!(
            resolve(&body, &responses),
            json!({ "personal_id": "079326000123", "head": "079203001234", "list": [5] })
        );
    }
}
