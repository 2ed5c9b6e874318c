-- Documents citizens upload for an application. The bytes live in the data directory, outside
-- anything served publicly, under the document's random id; the name the citizen's file had is
-- kept only to show it back to them.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id),
    owner_id TEXT NOT NULL,
    question TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE INDEX documents_by_application ON documents (application_id);
