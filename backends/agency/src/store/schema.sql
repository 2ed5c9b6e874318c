-- The agency's cases. Applied at every start; every statement is idempotent.

-- One row per application handed over. `hand_over` is the body as the portal sent it, in a
-- canonical form, so that a repeated hand-over can be told from a changed one.
CREATE TABLE IF NOT EXISTS cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE,
    agency_id TEXT NOT NULL,
    service TEXT NOT NULL,
    hand_over TEXT NOT NULL,
    status TEXT NOT NULL,
    -- Requests for more information made so far; the open request is this round.
    round INTEGER NOT NULL DEFAULT 0,
    received_at TEXT NOT NULL,
    deadline TEXT,
    -- When the automatic mode takes the case's next step (Unix milliseconds); NULL while an
    -- officer or the citizen has to act.
    due_at INTEGER
);
CREATE INDEX IF NOT EXISTS cases_due ON cases (due_at) WHERE due_at IS NOT NULL;

-- Every status change of every case: the feed. AUTOINCREMENT never reuses a sequence, and
-- changes are written under SQLite's single write lock, so they commit in sequence order.
CREATE TABLE IF NOT EXISTS changes (
    sequence INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    reference TEXT NOT NULL,
    status TEXT NOT NULL,
    at TEXT NOT NULL,
    -- A JSON object with the request, reason or result that goes with the status.
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS changes_by_case ON changes (case_id, sequence);

-- The citizen's answers to requests for more information, one per round.
CREATE TABLE IF NOT EXISTS answers (
    case_id INTEGER NOT NULL REFERENCES cases (id),
    round INTEGER NOT NULL,
    body TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (case_id, round)
);

-- How agencies work, set by an operator: for one agency, one service, or one service at one
-- agency ('' stands for "any"). Kept here so that a restart does not decide cases an officer
-- was meant to.
CREATE TABLE IF NOT EXISTS modes (
    agency_id TEXT NOT NULL,
    service TEXT NOT NULL,
    mode TEXT NOT NULL,
    delay_ms INTEGER,
    PRIMARY KEY (agency_id, service)
);

-- Approvals under way: an approval writes the registry before the case moves, and holds the
-- case meanwhile (see `store::approvals`). One row per case at most; `until` in Unix ms.
CREATE TABLE IF NOT EXISTS approvals_under_way (
    case_id INTEGER PRIMARY KEY REFERENCES cases (id),
    token TEXT NOT NULL,
    until INTEGER NOT NULL
);
