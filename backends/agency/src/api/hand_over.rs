//! What the portal sends: an application handed over, and an answer to a request for more
//! information — their shapes, and the checks that name the field and the limit a value breaks.

use axum::{
    extract::{FromRequestParts, Path},
    http::request::Parts,
};
use domain::{personal_id::PersonalId, provinces};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use time::{format_description::well_known::Rfc3339, OffsetDateTime};

use super::error::ApiError;

/// An application as the portal hands it over. Unknown fields are refused so that a misspelt
/// field is an error rather than silently lost.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct HandOver {
    pub service: String,
    pub province: u16,
    pub applicant_id: String,
    pub subject_id: String,
    pub acting_for: Option<ActingFor>,
    pub answers: Map<String, Value>,
    /// The registry's facts the portal prefilled; the agency keeps them as they are.
    pub facts: Map<String, Value>,
    pub documents: Vec<Document>,
    pub payment: Option<Payment>,
    pub submitted_at: String,
}

/// The person who applies for someone else (a parent for a child), as the portal knows them.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ActingFor {
    pub applicant_name: String,
    pub relation: String,
}

/// An uploaded file, named by its hash: the agency fetches the bytes from the portal later.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: String,
    pub question: String,
    pub name: String,
    pub media_type: String,
    pub sha256: String,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub payment_id: String,
    /// Đồng, a whole number.
    pub amount: u64,
    pub paid_at: String,
}

/// The citizen's answer to round `round` of requests for more information.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    pub round: i64,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub documents: Vec<Document>,
}

const MAX_DOCUMENTS: usize = 100;
const MAX_ANSWER_CHARS: usize = 10_000;

/// `field` holds 1 to `max` characters, on one line and without hidden ones (see [`plain`]).
pub(super) fn text(field: &str, value: &str, max: usize) -> Result<(), ApiError> {
    plain(field, value, false)?;
    let length = value.chars().count();
    if value.trim().is_empty() || length > max {
        return Err(ApiError::unprocessable(
            "invalid_field",
            format!("{field} must be 1 to {max} characters"),
        ));
    }
    Ok(())
}

/// Refuses control characters (general category Cc), bar line feeds in text of several lines,
/// and the bidirectional embeddings, overrides and isolates: invisible on screen, they make a
/// name or an answer read otherwise than it is stored, or break the logs and files it reaches.
pub(super) fn plain(field: &str, value: &str, multi_line: bool) -> Result<(), ApiError> {
    let hidden = |character: char| {
        (character.is_control() && !(multi_line && character == '\n'))
            || matches!(character, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if value.chars().any(hidden) {
        return Err(ApiError::unprocessable(
            "invalid_field",
            format!("{field} must not contain control characters or bidirectional overrides"),
        ));
    }
    Ok(())
}

/// Every key and string anywhere in `value`, as [`plain`] checks them.
fn plain_json(field: &str, value: &Value) -> Result<(), ApiError> {
    match value {
        Value::String(text) => plain(field, text, true),
        Value::Array(items) => items.iter().try_for_each(|item| plain_json(field, item)),
        Value::Object(fields) => plain_map(field, fields),
        Value::Null | Value::Bool(_) | Value::Number(_) => Ok(()),
    }
}

fn plain_map(field: &str, fields: &Map<String, Value>) -> Result<(), ApiError> {
    fields.iter().try_for_each(|(key, item)| {
        plain(field, key, false)?;
        plain_json(field, item)
    })
}

fn instant(field: &str, value: &str) -> Result<(), ApiError> {
    OffsetDateTime::parse(value, &Rfc3339)
        .map(drop)
        .map_err(|_| {
            ApiError::unprocessable(
                "invalid_field",
                format!(
                    "{field} must be an RFC 3339 date and time, such as 2026-12-05T09:30:00+07:00"
                ),
            )
        })
}

fn personal_id(field: &str, value: &str) -> Result<(), ApiError> {
    // The reason, never the number: the message may end up in the portal's logs.
    PersonalId::parse(value).map(drop).map_err(|error| {
        ApiError::unprocessable(
            "invalid_personal_id",
            format!("{field} is not a personal ID number: {error}"),
        )
    })
}

fn documents(field: &str, documents: &[Document]) -> Result<(), ApiError> {
    if documents.len() > MAX_DOCUMENTS {
        return Err(ApiError::unprocessable(
            "invalid_field",
            format!("{field} may list at most {MAX_DOCUMENTS} documents"),
        ));
    }
    for (index, document) in documents.iter().enumerate() {
        let at = |name: &str| format!("{field}[{index}].{name}");
        text(&at("id"), &document.id, 100)?;
        text(&at("question"), &document.question, 100)?;
        text(&at("name"), &document.name, 255)?;
        text(&at("media_type"), &document.media_type, 100)?;
        let hex = document.sha256.len() == 64
            && document
                .sha256
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'));
        if !hex {
            return Err(ApiError::unprocessable(
                "invalid_field",
                format!("{} must be 64 lowercase hexadecimal digits", at("sha256")),
            ));
        }
    }
    Ok(())
}

/// A portal reference from the path: 1 to 40 ASCII letters, digits or hyphens (the portal's
/// are `HS` and twelve digits). Anything else, a path that is not UTF-8 included, is refused in
/// the API's error shape rather than axum's plain text.
pub struct Reference(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Reference {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let malformed = || {
            ApiError::unprocessable(
                "invalid_reference",
                "reference must be 1 to 40 ASCII letters, digits or hyphens",
            )
        };
        let Path(value) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| malformed())?;
        let fits = (1..=40).contains(&value.len())
            && value
                .bytes()
                .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        if fits {
            Ok(Self(value))
        } else {
            Err(malformed())
        }
    }
}

impl HandOver {
    /// Checks every field the agency relies on. The service and province are checked here
    /// first so that routing afterwards cannot fail.
    pub fn check(&self) -> Result<(), ApiError> {
        if domain::definitions::by_slug(&self.service).is_none() {
            return Err(ApiError::unprocessable(
                "unknown_service",
                "service is not the slug of a service the portal offers (GET /v1/agencies lists \
                 the agencies; the portal's catalogue lists the slugs)",
            ));
        }
        if provinces::by_code(self.province).is_none() {
            return Err(ApiError::unprocessable(
                "unknown_province",
                format!(
                    "province {} is not a province code (the codes of personal ID numbers, 1 to 96)",
                    self.province
                ),
            ));
        }
        personal_id("applicant_id", &self.applicant_id)?;
        personal_id("subject_id", &self.subject_id)?;
        // The citizen's answers; the facts come from the registry and are kept as they are.
        plain_map("answers", &self.answers)?;
        if let Some(acting) = &self.acting_for {
            text("acting_for.applicant_name", &acting.applicant_name, 200)?;
            text("acting_for.relation", &acting.relation, 50)?;
        }
        documents("documents", &self.documents)?;
        if let Some(payment) = &self.payment {
            text("payment.payment_id", &payment.payment_id, 100)?;
            instant("payment.paid_at", &payment.paid_at)?;
        }
        instant("submitted_at", &self.submitted_at)
    }

    /// The body in one spelling (see [`canonical`]): two hand-overs are the same when these are
    /// equal, however the JSON was laid out.
    pub fn canonical(&self) -> String {
        canonical(self)
    }
}

impl Answer {
    pub fn check(&self) -> Result<(), ApiError> {
        if self.round < 1 {
            return Err(ApiError::unprocessable(
                "invalid_field",
                "round must be 1 or more: the round of the request answered",
            ));
        }
        plain("text", &self.text, true)?;
        if self.text.chars().count() > MAX_ANSWER_CHARS {
            return Err(ApiError::unprocessable(
                "invalid_field",
                format!("text must be at most {MAX_ANSWER_CHARS} characters"),
            ));
        }
        if self.text.trim().is_empty() && self.documents.is_empty() {
            return Err(ApiError::unprocessable(
                "empty_answer",
                "an answer needs text or at least one document",
            ));
        }
        documents("documents", &self.documents)
    }

    pub fn canonical(&self) -> String {
        canonical(self)
    }
}

/// `body` in one spelling: object keys sorted at every depth, numbers written by their value
/// (`1`, `1.0` and `1e0` are all `1`), no white space. Spelled out here rather than left to
/// serde_json, whose maps keep the order they were given in once any crate of the build turns
/// on its `preserve_order` feature, and which writes `1` and `1.0` apart.
fn canonical(body: &impl Serialize) -> String {
    let value = serde_json::to_value(body).expect("a parsed body serialises again");
    let mut out = String::new();
    write_canonical(&value, &mut out);
    out
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(fields) => {
            let mut keys: Vec<&String> = fields.keys().collect();
            keys.sort();
            out.push('{');
            for (index, key) in keys.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::from(key.as_str()).to_string());
                out.push(':');
                write_canonical(&fields[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        Value::Number(number) => out.push_str(&canonical_number(number)),
        other => out.push_str(&other.to_string()),
    }
}

/// A whole number as an integer, whatever its spelling; any other by the shortest spelling of
/// its binary value.
fn canonical_number(number: &serde_json::Number) -> String {
    if let Some(whole) = number.as_i64() {
        return whole.to_string();
    }
    if let Some(whole) = number.as_u64() {
        return whole.to_string();
    }
    match number.as_f64() {
        // Within ±2^53 a float that is whole is exactly that integer.
        Some(float) if float.fract() == 0.0 && float.abs() <= 9_007_199_254_740_992.0 => {
            // Exact here, and -0.0 becomes 0.
            (float as i64).to_string()
        }
        Some(float) => Value::from(float).to_string(),
        None => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn canonical_form_sorts_keys_at_every_depth_and_writes_numbers_by_value() {
        let one = json!({ "b": [{ "y": 1, "x": 2.5 }], "a": { "d": 1.0, "c": -0.0 } });
        let other = json!({ "a": { "c": 0, "d": 1 }, "b": [{ "x": 2.5, "y": 1.0 }] });
        assert_eq!(super::canonical(&one), super::canonical(&other));
        assert_eq!(
            super::canonical(&one),
            r#"{"a":{"c":0,"d":1},"b":[{"x":2.5,"y":1}]}"#
        );
        assert_ne!(super::canonical(&json!(1)), super::canonical(&json!(1.5)));
    }
}
