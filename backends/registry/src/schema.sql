-- The registry's own database. Dates are ISO 8601 text (YYYY-MM-DD), times UTC RFC 3339.

CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS households (
    id INTEGER PRIMARY KEY,
    head_id TEXT NOT NULL,
    province_code INTEGER NOT NULL,
    commune TEXT NOT NULL,
    street TEXT NOT NULL,
    residence_file_number TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS people (
    personal_id TEXT PRIMARY KEY,
    surname TEXT NOT NULL,
    middle_name TEXT NOT NULL,
    given_name TEXT NOT NULL,
    date_of_birth TEXT NOT NULL,
    sex TEXT NOT NULL,
    birth_registration_province INTEGER NOT NULL,
    place_of_birth TEXT NOT NULL,
    home_town TEXT NOT NULL,
    ethnicity TEXT NOT NULL,
    religion TEXT NOT NULL,
    nationality TEXT NOT NULL,
    blood_type TEXT,
    old_id_number TEXT,
    marital_status TEXT NOT NULL,
    father_id TEXT,
    mother_id TEXT,
    spouse_id TEXT,
    household_id INTEGER,
    relation_to_head TEXT,
    temporary_province_code INTEGER,
    temporary_commune TEXT,
    temporary_street TEXT,
    temporary_until TEXT,
    tax_code TEXT,
    phone TEXT,
    birth_certificate_number TEXT,
    date_of_death TEXT,
    death_certificate_number TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS people_father ON people (father_id) WHERE father_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS people_mother ON people (mother_id) WHERE mother_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS people_household ON people (household_id);

CREATE TABLE IF NOT EXISTS licences (
    number TEXT PRIMARY KEY,
    holder_id TEXT NOT NULL,
    classes TEXT NOT NULL,
    issuing_province INTEGER NOT NULL,
    issued_on TEXT NOT NULL,
    expires_on TEXT,
    status TEXT NOT NULL,
    replaced_by TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS licences_holder ON licences (holder_id);

CREATE TABLE IF NOT EXISTS health_checks (
    certificate_id TEXT PRIMARY KEY,
    personal_id TEXT NOT NULL,
    facility_id TEXT NOT NULL,
    examined_on TEXT NOT NULL,
    class_group TEXT NOT NULL,
    result TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    signature TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS health_checks_person ON health_checks (personal_id);

CREATE TABLE IF NOT EXISTS birth_notices (
    notice_number TEXT PRIMARY KEY,
    mother_id TEXT NOT NULL,
    father_id TEXT,
    father_name TEXT,
    child_sex TEXT NOT NULL,
    weight_grams INTEGER NOT NULL,
    born_at TEXT NOT NULL,
    place_of_birth TEXT NOT NULL,
    facility_id TEXT NOT NULL,
    temporary_insurance_code TEXT NOT NULL,
    child_id TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS birth_notices_mother ON birth_notices (mother_id);
-- Notices as they arrive from hospitals, in order, so that the portal can follow them.
CREATE TABLE IF NOT EXISTS birth_notice_feed (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    notice_number TEXT NOT NULL REFERENCES birth_notices (notice_number)
);
CREATE INDEX IF NOT EXISTS birth_notices_father ON birth_notices (father_id) WHERE father_id IS NOT NULL;

CREATE TABLE IF NOT EXISTS insurance_cards (
    card_number TEXT PRIMARY KEY,
    holder_id TEXT NOT NULL,
    group_code TEXT NOT NULL,
    benefit_level INTEGER NOT NULL,
    province_code INTEGER NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS insurance_cards_holder ON insurance_cards (holder_id);

CREATE TABLE IF NOT EXISTS marriages (
    certificate_number TEXT PRIMARY KEY,
    husband_id TEXT NOT NULL,
    wife_id TEXT NOT NULL,
    registered_on TEXT NOT NULL,
    place TEXT NOT NULL,
    status TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS marriages_husband ON marriages (husband_id);
CREATE INDEX IF NOT EXISTS marriages_wife ON marriages (wife_id);

CREATE TABLE IF NOT EXISTS vehicles (
    plate TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    model TEXT NOT NULL,
    registered_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS vehicles_owner ON vehicles (owner_id);

CREATE TABLE IF NOT EXISTS fines (
    fine_id TEXT PRIMARY KEY,
    plate TEXT NOT NULL,
    offence TEXT NOT NULL,
    amount_vnd INTEGER NOT NULL,
    detected_at TEXT NOT NULL,
    place TEXT NOT NULL,
    paid_on TEXT,
    payment_reference TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fines_plate ON fines (plate);

CREATE TABLE IF NOT EXISTS electricity_contracts (
    contract_number TEXT PRIMARY KEY,
    holder_id TEXT NOT NULL,
    address TEXT NOT NULL,
    province_code INTEGER NOT NULL,
    started_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS electricity_contracts_holder ON electricity_contracts (holder_id);

-- Bills hospitals send for treatment, linked to the patient by personal ID number or, when the
-- hospital recorded only that, by health-insurance card number.
CREATE TABLE IF NOT EXISTS hospital_bills (
    bill_id TEXT PRIMARY KEY,
    hospital TEXT NOT NULL,
    patient_id TEXT,
    card_number TEXT,
    treatment TEXT NOT NULL,
    issued_on TEXT NOT NULL,
    total_vnd INTEGER NOT NULL,
    insurance_vnd INTEGER NOT NULL,
    paid_on TEXT,
    payment_reference TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS hospital_bills_patient ON hospital_bills (patient_id);
CREATE INDEX IF NOT EXISTS hospital_bills_card ON hospital_bills (card_number);

CREATE TABLE IF NOT EXISTS access_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    client TEXT NOT NULL,
    purpose TEXT NOT NULL,
    resource TEXT NOT NULL,
    subject TEXT,
    outcome TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS idempotency (
    client TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (client, key)
) WITHOUT ROWID;
