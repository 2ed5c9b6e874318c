-- Applications from first step to decision. The id is random and opaque (it appears in URLs);
-- the reference is what citizens quote, assigned once at submission. Answers and the registry
-- data read for the draft are JSON. Times are Unix seconds.
CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    service TEXT NOT NULL,
    applicant_id TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    status TEXT NOT NULL,
    answers TEXT NOT NULL,
    context TEXT NOT NULL,
    reference TEXT UNIQUE,
    fee_vnd INTEGER,
    payment_id TEXT,
    outcome TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    submitted_at INTEGER,
    decided_at INTEGER,
    expires_at INTEGER NOT NULL
);

CREATE INDEX applications_by_applicant ON applications (applicant_id, updated_at);
CREATE INDEX applications_by_status ON applications (status);

-- The timeline a citizen sees: every change of status, with a note in both languages.
CREATE TABLE application_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id TEXT NOT NULL REFERENCES applications (id),
    at INTEGER NOT NULL,
    status TEXT NOT NULL,
    note_vi TEXT NOT NULL,
    note_en TEXT NOT NULL
);

CREATE INDEX application_events_by_application ON application_events (application_id, id);
