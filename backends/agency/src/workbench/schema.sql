-- The officers' workbench. Applied at every start; every statement is idempotent.

-- Who is an officer of which agency: one agency each. Rewritten from the settings at start.
CREATE TABLE IF NOT EXISTS officers (
    personal_id TEXT PRIMARY KEY,
    agency_id TEXT NOT NULL
);

-- Sign-ins under way: what the callback must find again, keyed by `state`, kept server-side.
CREATE TABLE IF NOT EXISTS officer_sign_ins (
    state TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Signed-in officers. The cookie holds a random id; only its SHA-256 is kept, so a copy of the
-- database does not sign anyone in. `csrf` is the token every form of the session carries.
CREATE TABLE IF NOT EXISTS officer_sessions (
    id_hash TEXT PRIMARY KEY,
    personal_id TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    csrf TEXT NOT NULL,
    expires_at INTEGER NOT NULL
);

-- Every officer's action and every case page an officer opened.
CREATE TABLE IF NOT EXISTS officer_audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    officer TEXT NOT NULL,
    agency_id TEXT NOT NULL,
    reference TEXT,
    action TEXT NOT NULL,
    outcome TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS officer_audit_by_reference ON officer_audit (reference);
