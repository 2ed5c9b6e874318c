-- Citizens' reports that the population database holds a wrong detail about them, for the
-- commune police to check. The portal never edits registry data itself.
CREATE TABLE data_corrections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    personal_id TEXT NOT NULL,
    detail TEXT NOT NULL,
    correction TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
