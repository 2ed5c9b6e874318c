-- Applications the portal prepares before the citizen asks (a newborn's, when the hospital's
-- birth notice arrives), one per notice and parent, and where the portal is in the registry's feed.
CREATE TABLE prepared_applications (
    source_reference TEXT NOT NULL,
    citizen_id TEXT NOT NULL,
    application_id TEXT NOT NULL REFERENCES applications (id),
    PRIMARY KEY (source_reference, citizen_id)
);

CREATE TABLE feed_cursors (
    feed TEXT PRIMARY KEY,
    position INTEGER NOT NULL
);

-- Messages to citizens. This stand-in records them (as the e-mail and app notifications a real
-- deployment would send) and shows them on the account page.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    subject_vi TEXT NOT NULL,
    subject_en TEXT NOT NULL,
    link TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX outbox_by_recipient ON outbox (recipient_id, id);
