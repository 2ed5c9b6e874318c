//! The OpenAPI 3.1 description of the API, written by hand: every route, its body, and every
//! status it answers with. Public, so that the portal's developers can read it without a token.

use axum::Json;
use serde_json::{json, Map, Value};

use super::body::LIMIT_BYTES;

fn schema(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn body(name: &str) -> Value {
    json!({ "content": { "application/json": { "schema": schema(name) } } })
}

fn answer(description: &str, name: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": schema(name) } } })
}

fn error(description: &str) -> Value {
    answer(description, "Error")
}

/// The responses every guarded route shares, and the ones given.
fn responses(given: &[(&str, Value)]) -> Value {
    let mut all = Map::new();
    for (status, response) in given {
        all.insert((*status).to_owned(), response.clone());
    }
    all.insert(
        "401".into(),
        error("No `Authorization: Bearer` with the portal's token (`/v1/`) or the operator's (`/admin/`)"),
    );
    all.insert(
        "503".into(),
        error("The agency's database is unavailable; retry after `Retry-After` seconds"),
    );
    Value::Object(all)
}

fn reference() -> Value {
    json!({
        "name": "reference", "in": "path", "required": true,
        "description": "The portal's reference: 1 to 40 ASCII letters, digits or hyphens",
        "schema": { "type": "string", "pattern": "^[A-Za-z0-9-]{1,40}$" },
    })
}

fn paths() -> Value {
    let too_large = error(&format!(
        "The body is larger than 1 MiB ({LIMIT_BYTES} bytes)"
    ));
    let invalid = error(
        "A field breaks a rule (unknown service or province, wrong type, missing or unknown \
         field, a value too long) or the reference is malformed; the message names the field \
         and the limit",
    );
    let malformed = error("The body is not JSON (`malformed_json`)");
    json!({
        "/v1/applications/{reference}": {
            "parameters": [reference()],
            "put": {
                "summary": "Hand an application over. Idempotent: the same body again answers 200 with the case as it stands",
                "requestBody": body("HandOver"),
                "responses": responses(&[
                    ("201", answer("Received: the case, routed, with its deadline", "Case")),
                    ("200", answer("Handed over before with the same body", "Case")),
                    ("400", malformed.clone()),
                    ("409", error("Handed over before with a different body (`reference_conflict`)")),
                    ("413", too_large.clone()),
                    ("422", invalid.clone()),
                ]),
            },
            "get": {
                "summary": "The case: agency, status, deadline, history",
                "responses": responses(&[
                    ("200", answer("The case", "Case")),
                    ("404", error("Nothing was handed over with this reference")),
                    ("422", error("The reference is malformed")),
                ]),
            },
        },
        "/v1/applications/{reference}/answers": {
            "parameters": [reference()],
            "post": {
                "summary": "Forward the citizen's answer to the open request for more information. Idempotent per round",
                "requestBody": body("Answer"),
                "responses": responses(&[
                    ("201", answer("Answered: the case is in review again", "Case")),
                    ("200", answer("The same answer to the same round, again", "Case")),
                    ("400", malformed),
                    ("404", error("Nothing was handed over with this reference")),
                    ("409", error("The round is not the open one (`wrong_round`) or was answered differently (`answer_conflict`)")),
                    ("413", too_large.clone()),
                    ("422", invalid.clone()),
                ]),
            },
        },
        "/v1/changes": {
            "get": {
                "summary": "The feed: every status change of every case, in sequence order, after a cursor",
                "parameters": [
                    { "name": "after", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 0 },
                      "description": "The last sequence already seen (`next_after` of the previous page)" },
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 100 } },
                ],
                "responses": responses(&[
                    ("200", answer("Up to `limit` changes; `next_after` is the cursor for the next call (unchanged when nothing is new)", "Feed")),
                    ("400", error("`after` or `limit` is not a whole number in range")),
                    ("409", error("`after` is beyond the last change (`cursor_ahead`): the feed restarted (an in-memory database, or a file that lost its last commits), so the poller must resynchronise from `after=0`")),
                ]),
            },
        },
        "/v1/agencies": {
            "get": {
                "summary": "Every agency the stand-in hosts",
                "responses": responses(&[("200", answer("The directory", "Agencies"))]),
            },
        },
        "/v1/route": {
            "get": {
                "summary": "The agency that decides a service for an applicant of a province",
                "parameters": [
                    { "name": "service", "in": "query", "required": true, "schema": { "type": "string" } },
                    { "name": "province", "in": "query", "required": true, "schema": { "type": "integer" } },
                ],
                "responses": responses(&[
                    ("200", json!({ "description": "`{\"agency\": id}`" })),
                    ("400", error("A parameter is missing or not a number")),
                    ("422", error("Unknown service (`unknown_service`) or province (`unknown_province`)")),
                ]),
            },
        },
        "/admin/modes": {
            "get": {
                "security": [{ "adminToken": [] }],
                "summary": "Operator: the default mode and every setting (mounted when AGENCY_ADMIN is on)",
                "responses": responses(&[("200", json!({ "description": "`{default, settings}`" }))]),
            },
            "put": {
                "security": [{ "adminToken": [] }],
                "summary": "Operator: set an agency, a service, or a service at an agency to automatic or manual; the most particular setting wins",
                "requestBody": body("ModeSetting"),
                "responses": responses(&[
                    ("200", answer("The setting recorded", "ModeSetting")),
                    ("400", error("The body is not JSON")),
                    ("413", too_large.clone()),
                    ("422", error("Unknown agency or service, or a delay over a day")),
                ]),
            },
        },
        "/admin/applications/{reference}/status": {
            "parameters": [reference()],
            "post": {
                "security": [{ "adminToken": [] }],
                "summary": "Operator, standing in for an officer: move a case on",
                "requestBody": body("Decision"),
                "responses": responses(&[
                    ("200", answer("The case moved, or had already taken this very step", "Case")),
                    ("400", error("The body is not JSON")),
                    ("404", error("Nothing was handed over with this reference")),
                    ("409", error("The case is not in the status (or round) given, or its status does not allow this move (`status_conflict`); an approval is writing the case's records into the registry (`approval_under_way`)")),
                    ("413", too_large),
                    ("422", error("The request, reason or result the status needs is missing or too long")),
                ]),
            },
        },
        "/health": {
            "get": {
                "summary": "Whether the process serves (public)",
                "security": [],
                "responses": { "200": { "description": "`{\"status\": \"ok\"}`" } },
            },
        },
        "/openapi.json": {
            "get": {
                "summary": "This document (public)",
                "security": [],
                "responses": { "200": { "description": "OpenAPI 3.1" } },
            },
        },
    })
}

/// Free text of 1 to `max` characters, with no control characters or bidirectional overrides.
fn text(max: usize) -> Value {
    json!({ "type": "string", "minLength": 1, "maxLength": max })
}

fn bilingual() -> Value {
    json!({
        "type": "object", "required": ["vi", "en"],
        "properties": { "vi": text(2000), "en": text(2000) },
    })
}

fn document_schema() -> Value {
    json!({
        "type": "object", "additionalProperties": false,
        "required": ["id", "question", "name", "media_type", "sha256"],
        "properties": {
            "id": text(100),
            "question": text(100),
            "name": text(255),
            "media_type": text(100),
            "sha256": { "type": "string", "pattern": "^[0-9a-f]{64}$" },
        },
    })
}

fn schemas() -> Value {
    let status = json!({
        "type": "string",
        "enum": ["received", "in_review", "more_information_needed", "approved", "refused"],
    });
    json!({
        "Error": {
            "type": "object", "required": ["code", "message"],
            "properties": { "code": { "type": "string" }, "message": { "type": "string" } },
        },
        "HandOver": {
            "type": "object", "additionalProperties": false,
            "required": ["service", "province", "applicant_id", "subject_id", "answers", "facts", "documents", "submitted_at"],
            "properties": {
                "service": { "type": "string", "minLength": 1, "description": "A service slug of the portal's catalogue" },
                "province": { "type": "integer", "description": "The applicant's province code (as in personal ID numbers)" },
                "applicant_id": { "type": "string", "pattern": "^[0-9]{12}$" },
                "subject_id": { "type": "string", "pattern": "^[0-9]{12}$" },
                "acting_for": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "required": ["applicant_name", "relation"],
                    "properties": {
                        "applicant_name": text(200),
                        "relation": text(50),
                    },
                },
                "answers": { "type": "object" },
                "facts": { "type": "object", "description": "The registry facts the portal prefilled, kept as sent" },
                "documents": { "type": "array", "maxItems": 100, "items": document_schema() },
                "payment": {
                    "type": ["object", "null"], "additionalProperties": false,
                    "required": ["payment_id", "amount", "paid_at"],
                    "properties": {
                        "payment_id": text(100),
                        "amount": { "type": "integer", "minimum": 0, "description": "Đồng" },
                        "paid_at": { "type": "string", "format": "date-time" },
                    },
                },
                "submitted_at": { "type": "string", "format": "date-time" },
            },
        },
        "Answer": {
            "type": "object", "additionalProperties": false, "required": ["round"],
            "description": "Text or at least one document",
            "properties": {
                "round": { "type": "integer", "minimum": 1 },
                "text": { "type": "string", "maxLength": 10000 },
                "documents": { "type": "array", "maxItems": 100, "items": document_schema() },
            },
        },
        "Change": {
            "type": "object", "required": ["sequence", "reference", "status", "at"],
            "properties": {
                "sequence": { "type": "integer", "description": "Strictly increasing across the whole feed" },
                "reference": { "type": "string" },
                "status": status,
                "at": { "type": "string", "format": "date-time" },
                "request": {
                    "description": "With more_information_needed: what is asked; `document` when a document is",
                    "allOf": [bilingual()],
                    "properties": { "document": { "type": "boolean" } },
                },
                "reason": { "description": "With refused", "allOf": [bilingual()] },
                "result": {
                    "type": "object", "required": ["number", "issued_on"],
                    "description": "With approved: the record issued; an automatic approval, which evaluated the service's definition and wrote the registry, adds the lines the citizen reads and a note per registry write made",
                    "properties": {
                        "number": { "type": "string" },
                        "issued_on": { "type": "string", "format": "date" },
                        "lines": { "type": "array", "description": "The decision's lines, in order: a label in both languages and its value", "items": {
                            "type": "object", "required": ["vi", "en", "value"],
                            "properties": { "vi": { "type": "string" }, "en": { "type": "string" }, "value": { "type": "string" } },
                        } },
                        "notes": { "type": "array", "description": "What each registry write did, in order, for the applicant's timeline", "items": bilingual() },
                    },
                },
                "round": { "type": "integer", "description": "With more_information_needed: the round an answer must name" },
                "answered_round": { "type": "integer", "description": "With in_review after an answer" },
            },
        },
        "Case": {
            "type": "object",
            "required": ["reference", "agency", "service", "status", "round", "received_at", "deadline", "history"],
            "properties": {
                "reference": { "type": "string" },
                "agency": { "type": "string", "description": "An id of GET /v1/agencies" },
                "service": { "type": "string" },
                "status": status,
                "round": { "type": "integer", "description": "The open (or last) request for more information; 0 before any" },
                "received_at": { "type": "string", "format": "date-time" },
                "deadline": { "type": ["string", "null"], "format": "date", "description": "The last day of the statutory period: the received date (in UTC+7) plus the service's working days (weekends skipped, public holidays not), or plus its calendar days for the services whose period is stated so (moved to the Monday when it ends on a weekend); null where the service has no fixed period" },
                "history": { "type": "array", "items": schema("Change") },
            },
        },
        "Feed": {
            "type": "object", "required": ["changes", "next_after"],
            "properties": {
                "changes": { "type": "array", "items": schema("Change") },
                "next_after": { "type": "integer" },
            },
        },
        "Agencies": {
            "type": "object",
            "properties": { "agencies": { "type": "array", "items": {
                "type": "object", "required": ["id", "name", "scope"],
                "properties": {
                    "id": { "type": "string", "examples": ["police-residence:01", "tax"] },
                    "name": bilingual(),
                    "scope": { "type": "object", "description": "`{kind: national}` or `{kind: province, province}`" },
                    "parent": { "type": "string", "description": "The national body of a provincial branch" },
                },
            } } },
        },
        "ModeSetting": {
            "type": "object", "additionalProperties": false, "required": ["mode"],
            "properties": {
                "agency": { "type": "string" },
                "service": { "type": "string" },
                "mode": { "type": "string", "enum": ["automatic", "manual"] },
                "delay_ms": { "type": "integer", "minimum": 0, "maximum": 86_400_000, "description": "Automatic only; the configured delay when absent" },
            },
        },
        "Decision": {
            "type": "object", "additionalProperties": false, "required": ["status", "from"],
            "properties": {
                "status": { "type": "string", "enum": ["in_review", "more_information_needed", "approved", "refused"] },
                "from": { "allOf": [status], "description": "The status the officer saw the case in" },
                "round": { "type": "integer", "minimum": 0, "description": "With more_information_needed (required then): the case's round as the officer saw it" },
                "request": { "allOf": [bilingual()], "properties": { "document": { "type": "boolean" } } },
                "reason": bilingual(),
                "result": {
                    "type": "object", "additionalProperties": false, "required": ["number", "issued_on"],
                    "description": "With approved: the record issued",
                    "properties": {
                        "number": { "type": "string", "minLength": 1, "maxLength": 64 },
                        "issued_on": { "type": "string", "format": "date" },
                    },
                },
            },
        },
    })
}

/// `GET /openapi.json`.
pub async fn document() -> Json<Value> {
    Json(json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Agency stand-in: hand-over API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The agencies' case systems as the portal sees them: hand an application over, read its case, poll the feed of status changes, forward answers. Any other method on a listed path answers 405 `method_not_allowed`, and an unlisted path 404 `not_found`, both as `Error`. See backends/agency/README.md.",
        },
        "security": [{ "portalToken": [] }],
        "paths": paths(),
        "components": {
            "securitySchemes": {
                "portalToken": { "type": "http", "scheme": "bearer" },
                "adminToken": { "type": "http", "scheme": "bearer", "description": "AGENCY_ADMIN_TOKEN, for `/admin/` routes" },
            },
            "schemas": schemas(),
        },
    }))
}
