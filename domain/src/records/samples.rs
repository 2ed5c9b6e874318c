//! Records as the registry's API returns them, every field present (those the portal does not
//! read too), for tests that build a draft's context: a test names only the fields it is about,
//! and the typed reads still get a whole record.

use serde_json::{json, Value};

/// `record` with the fields of `fields`, an object, in place of its own.
fn with(mut record: Value, fields: Value) -> Value {
    if let (Some(record), Value::Object(fields)) = (record.as_object_mut(), fields) {
        record.extend(fields);
    }
    record
}

/// An address, as a person's residence or a household's.
pub fn address(fields: Value) -> Value {
    let address = json!({
        "province_code": 79, "province_name": "TP Hồ Chí Minh", "commune": "Phường Bến Nghé",
        "street": "12 Lê Lợi", "full": "12 Lê Lợi, Phường Bến Nghé, TP Hồ Chí Minh",
    });
    with(address, fields)
}

/// A person's record (`/v1/people/get`): a single man born in 1990 who heads his household, with no old
/// ID number, tax code, phone, family links or temporary residence.
pub fn person(fields: Value) -> Value {
    let person = json!({
        "personal_id": "079090001234", "full_name": "Nguyễn Văn An", "surname": "Nguyễn",
        "middle_name": "Văn", "given_name": "An", "date_of_birth": "1990-06-05", "sex": "male",
        "place_of_birth": "TP Hồ Chí Minh", "birth_registration_province": 79, "home_town": "Huế",
        "ethnicity": "Kinh", "religion": "Không", "nationality": "Việt Nam", "blood_type": null,
        "old_id_number": null, "marital_status": "single", "father_id": null, "mother_id": null,
        "spouse_id": null, "household_id": 7, "relation_to_head": "head",
        "permanent_residence": address(json!({})), "temporary_residence": null, "tax_code": null,
        "phone": null, "birth_certificate_number": null, "date_of_death": null,
    });
    with(person, fields)
}

/// A member of a household, as the household lists them.
pub fn member(fields: Value) -> Value {
    let member = json!({
        "personal_id": "079090001234", "full_name": "Nguyễn Văn An", "date_of_birth": "1990-06-05",
        "sex": "male", "relation_to_head": "head", "relation_label": "Chủ hộ",
    });
    with(member, fields)
}

/// A household (`/v1/households/get`), headed by the sample person, its only member.
pub fn household(fields: Value) -> Value {
    let household = json!({
        "household_id": 7, "residence_file_number": "HS-79-000007", "head_id": "079090001234",
        "address": address(json!({})), "members": [member(json!({}))],
    });
    with(household, fields)
}

/// A parent, spouse or child, as the relatives list them.
pub fn relative(fields: Value) -> Value {
    let relative = json!({
        "personal_id": "079060001111", "full_name": "Nguyễn Văn Ba", "date_of_birth": "1960-01-01",
        "sex": "male", "alive": true,
    });
    with(relative, fields)
}

/// A person's relatives (`/v1/people/relatives`): none unless `fields` names them.
pub fn relatives(fields: Value) -> Value {
    let relatives = json!({ "father": null, "mother": null, "spouse": null, "children": [] });
    with(relatives, fields)
}
