-- Agreements another citizen must give before an application is decided (the head of the
-- household a newborn joins), asked on that citizen's own account.
CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL UNIQUE REFERENCES applications (id),
    citizen_id TEXT NOT NULL,
    request_vi TEXT NOT NULL,
    request_en TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    decided_at INTEGER
);

CREATE INDEX consents_by_citizen ON consents (citizen_id, status);
