-- Application references ("HS" + year + an eight-digit number) come from one counter that both
-- database engines can share the same SQL for.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

INSERT INTO counters (name, value) VALUES ('application_reference', 0);
