-- Handing submitted applications over to the agencies' case systems (when the portal is
-- configured with one, PORTAL_AGENCY_URL).
--
-- `agency_outbox` holds, per application, the hand-over body frozen at submission, written in the
-- submitting transaction: a crash between submission and hand-over loses nothing, and every retry
-- sends the very same bytes (the agency answers a repeat 200, a different body 409). A row is due
-- at `next_attempt_at` until it is delivered (`delivered_at`, with the `agency` that received it)
-- or parked (`parked_at`) on a refusal that no retry can cure; `last_error` is the agency's error
-- code, never a body. Times are Unix seconds.
CREATE TABLE agency_outbox (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    reference TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error TEXT,
    delivered_at BIGINT,
    agency TEXT,
    parked_at BIGINT
);

CREATE INDEX agency_outbox_due ON agency_outbox (next_attempt_at)
    WHERE delivered_at IS NULL AND parked_at IS NULL;

-- The last sequence of the agencies' feed applied: one row, moved in the transaction that applies
-- the changes, so a crash replays some changes (applied idempotently) and loses none.
CREATE TABLE agency_feed_cursor (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    after_sequence BIGINT NOT NULL
);

INSERT INTO agency_feed_cursor (id, after_sequence) VALUES (1, 0);

-- An agency may ask more than once; the round its request has, so that a replayed request does
-- not reopen one the applicant answered. NULL for requests of the in-portal processing. The
-- applicant's answer to an agency's request is owed to it until `forwarded_at`; `forward_error`
-- is the agency's code when it refused the answer (it is not sent again).
ALTER TABLE information_requests ADD COLUMN round BIGINT;
ALTER TABLE information_requests ADD COLUMN forwarded_at BIGINT;
ALTER TABLE information_requests ADD COLUMN forward_error TEXT;
