-- Server-side sessions. The cookie holds a random token; only its SHA-256 is stored, so a copy of
-- the database cannot be used to sign in. Times are Unix seconds.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    personal_id TEXT NOT NULL,
    full_name TEXT NOT NULL,
    birthdate TEXT NOT NULL,
    assurance_level INTEGER NOT NULL,
    id_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
);

CREATE INDEX sessions_by_citizen ON sessions (personal_id);

-- A sign-in under way: what the callback must find again, usable once, for ten minutes.
CREATE TABLE login_attempts (
    state_hash TEXT PRIMARY KEY,
    nonce TEXT NOT NULL,
    pkce_verifier TEXT NOT NULL,
    return_to TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
