-- The audit log is append-only: every registry read (who, whose data, purpose, outcome) and every
-- sign-in, sign-out and access denial. A trigger refuses updates and deletes so that not even a
-- bug in the portal can rewrite history. (PostgreSQL twin of the SQLite migration of this number.)
CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
    event TEXT NOT NULL,
    actor TEXT,
    subject TEXT,
    purpose TEXT,
    outcome TEXT NOT NULL,
    request_id TEXT
);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();

CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
