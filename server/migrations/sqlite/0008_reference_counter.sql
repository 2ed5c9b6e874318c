-- Application references ("HS" + year + an eight-digit number) come from one counter that both
-- database engines can share the same SQL for, rather than from SQLite's row ids.
CREATE TABLE counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- Continue after the references already given, so none is ever given twice.
INSERT INTO counters (name, value)
SELECT 'application_reference', COALESCE(MAX(rowid), 0) FROM applications;
