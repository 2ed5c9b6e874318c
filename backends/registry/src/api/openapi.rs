//! The OpenAPI 3 description of the API, built from one table of endpoints.

use axum::Json;
use serde_json::{json, Map, Value};

/// How an endpoint is called.
enum Kind {
    /// A purpose-bound read.
    Read,
    /// An idempotent write.
    Write,
    /// Needs only authentication.
    Plain,
}

struct Endpoint {
    method: &'static str,
    path: &'static str,
    summary: &'static str,
    kind: Kind,
    /// Request body fields: (name, JSON type, required).
    fields: &'static [(&'static str, &'static str, bool)],
}

const BY_PERSON: &[(&str, &str, bool)] = &[("personal_id", "string", true)];

const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        method: "get",
        path: "/v1/health-facilities",
        summary: "Health facilities and their Ed25519 public keys (base64)",
        kind: Kind::Plain,
        fields: &[],
    },
    Endpoint {
        method: "post",
        path: "/v1/people/get",
        summary: "A person with residence, marital status and household",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/people/verify",
        summary: "Whether ID, full name and date of birth belong together: {match}",
        kind: Kind::Read,
        fields: &[
            ("personal_id", "string", true),
            ("full_name", "string", true),
            ("date_of_birth", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/people/relatives",
        summary: "Father, mother, spouse and children",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/people/children-under-14",
        summary: "The person's living children under 14, whom a parent acts for",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/households/get",
        summary: "The person's household with members and relations",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/licences/list",
        summary: "The person's driving licences",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/licences/get",
        summary: "A licence by number, with its holder's ID",
        kind: Kind::Read,
        fields: &[("licence_number", "string", true)],
    },
    Endpoint {
        method: "post",
        path: "/v1/health-checks/list",
        summary: "The person's signed driver health checks",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/birth-notices/list",
        summary: "Birth notices naming the person as mother or father",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/insurance-cards/list",
        summary: "The person's health-insurance cards",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/marriages/list",
        summary: "The person's marriages",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/vehicles/list",
        summary: "Vehicles the person owns",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/fines/list",
        summary: "Camera fines on the person's vehicles, unpaid first",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/hospital-bills/list",
        summary: "Hospital bills for the person and their children under 14, by personal ID number or insurance card, unpaid first",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/electricity-contracts/list",
        summary: "Electricity contracts the person holds",
        kind: Kind::Read,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/births",
        summary: "Register a birth from a birth notice: child ID and birth certificate number",
        kind: Kind::Write,
        fields: &[
            ("notice_number", "string", true),
            ("given_name", "string", true),
            ("middle_name", "string", false),
            ("surname", "string", false),
            ("ethnicity", "string", false),
            ("nationality", "string", false),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/residence/permanent",
        summary: "Register permanent residence in a household",
        kind: Kind::Write,
        fields: &[
            ("personal_id", "string", true),
            ("head_personal_id", "string", true),
            ("relation_to_head", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/residence/temporary",
        summary: "Register temporary residence",
        kind: Kind::Write,
        fields: &[
            ("personal_id", "string", true),
            ("province_code", "integer", true),
            ("commune", "string", true),
            ("street", "string", true),
            ("until", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/insurance-cards",
        summary: "Issue a health-insurance card (TE for under 6)",
        kind: Kind::Write,
        fields: BY_PERSON,
    },
    Endpoint {
        method: "post",
        path: "/v1/licences/renew",
        summary: "Issue a renewed licence; the old one is marked replaced",
        kind: Kind::Write,
        fields: &[
            ("licence_number", "string", true),
            ("personal_id", "string", true),
            ("reason", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/fines/pay",
        summary: "Mark a fine paid",
        kind: Kind::Write,
        fields: &[
            ("fine_id", "string", true),
            ("payment_reference", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/hospital-bills/pay",
        summary: "Mark a hospital bill paid; the amount must be the patient's share",
        kind: Kind::Write,
        fields: &[
            ("bill_id", "string", true),
            ("amount_vnd", "integer", true),
            ("payment_reference", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/deaths",
        summary: "Record a death",
        kind: Kind::Write,
        fields: &[
            ("personal_id", "string", true),
            ("date_of_death", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/marriages",
        summary: "Record a marriage",
        kind: Kind::Write,
        fields: &[
            ("husband_id", "string", true),
            ("wife_id", "string", true),
            ("place", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/health-checks",
        summary: "Hospital: receive a signed health-check result",
        kind: Kind::Write,
        fields: &[
            ("certificate_id", "string", true),
            ("facility_id", "string", true),
            ("personal_id", "string", true),
            ("examined_on", "string", true),
            ("class_group", "string", true),
            ("fit", "boolean", true),
            ("valid_until", "string", true),
            ("signature", "string", true),
        ],
    },
    Endpoint {
        method: "post",
        path: "/v1/birth-notices",
        summary: "Hospital: receive a birth notice",
        kind: Kind::Write,
        fields: &[
            ("facility_id", "string", true),
            ("mother_id", "string", true),
            ("father_id", "string", false),
            ("father_name", "string", false),
            ("child_sex", "string", true),
            ("weight_grams", "integer", true),
            ("born_at", "string", true),
        ],
    },
];

fn operation(endpoint: &Endpoint) -> Value {
    let mut parameters = Vec::new();
    match endpoint.kind {
        Kind::Read => parameters.push(json!({ "name": "X-Purpose", "in": "header", "required": true, "schema": { "type": "string" }, "description": "service code the read is for" })),
        Kind::Write => parameters.push(json!({ "name": "Idempotency-Key", "in": "header", "required": true, "schema": { "type": "string", "maxLength": 200 } })),
        Kind::Plain => {}
    }
    let error = json!({ "$ref": "#/components/responses/Error" });
    let mut responses = Map::new();
    responses.insert("200".into(), json!({ "description": "OK", "content": { "application/json": { "schema": { "type": "object" } } } }));
    if matches!(endpoint.kind, Kind::Write) {
        responses.insert("201".into(), json!({ "description": "Created" }));
        responses.insert("409".into(), error.clone());
    }
    for status in ["400", "401", "403", "404", "422", "503"] {
        responses.insert(status.into(), error.clone());
    }
    let mut operation = json!({
        "summary": endpoint.summary,
        "security": [{ "bearer": [] }],
        "parameters": parameters,
        "responses": responses,
    });
    if !endpoint.fields.is_empty() {
        let properties: Map<String, Value> = endpoint
            .fields
            .iter()
            .map(|(name, kind, _)| (name.to_string(), json!({ "type": kind })))
            .collect();
        let required: Vec<&str> = endpoint
            .fields
            .iter()
            .filter(|(_, _, required)| *required)
            .map(|(name, _, _)| *name)
            .collect();
        operation["requestBody"] = json!({
            "required": true,
            "content": { "application/json": { "schema": { "type": "object", "properties": properties, "required": required } } }
        });
    }
    operation
}

pub async fn document() -> Json<Value> {
    let mut paths = Map::new();
    for endpoint in ENDPOINTS {
        paths.insert(
            endpoint.path.to_string(),
            json!({ endpoint.method: operation(endpoint) }),
        );
    }
    Json(json!({
        "openapi": "3.0.3",
        "info": {
            "title": "Population registry (stand-in)",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Reads state a purpose (X-Purpose) and are audited; personal IDs travel only in POST bodies; writes are idempotent (Idempotency-Key)."
        },
        "paths": paths,
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "responses": {
                "Error": {
                    "description": "An error with a stable code",
                    "content": { "application/json": { "schema": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": { "code": { "type": "string" }, "message": { "type": "string" } }
                    } } }
                }
            }
        }
    }))
}
