-- The audit log is append-only: every registry read (who, whose data, purpose, outcome) and every
-- sign-in, sign-out and access denial. Triggers refuse updates and deletes so that not even a bug
-- in the portal can rewrite history.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    event TEXT NOT NULL,
    actor TEXT,
    subject TEXT,
    purpose TEXT,
    outcome TEXT NOT NULL,
    request_id TEXT
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
