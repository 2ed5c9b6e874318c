-- What an agency asks an applicant before it can decide ("more information needed"), and the
-- applicant's answer: words, and a document where the request allows one (`document` holds the
-- stored document's id and file name). One request per application. Times are Unix seconds.
CREATE TABLE information_requests (
    application_id TEXT PRIMARY KEY REFERENCES applications (id),
    request_vi TEXT NOT NULL,
    request_en TEXT NOT NULL,
    answer TEXT,
    document TEXT,
    asked_at INTEGER NOT NULL,
    answered_at INTEGER
);
