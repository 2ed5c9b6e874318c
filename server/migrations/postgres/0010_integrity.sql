-- Integrity of what a citizen sends and pays for.
-- `version` moves on with every save of a draft: a payment or a submission completes exactly the
-- version that was checked and declared, and any later change cancels the payment begun.
-- `object_key` is what an application changes in the world (a person's licence, a fine, the
-- deceased), set when its payment begins or, without a fee, when it is sent; while one is open,
-- whatever the service, a second about the same object is refused.
ALTER TABLE applications ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN object_key TEXT;
CREATE UNIQUE INDEX applications_open_per_object ON applications (object_key)
    WHERE object_key IS NOT NULL
      AND status IN ('awaiting_payment', 'submitted', 'in_progress', 'more_information');

-- Retention and quotas look documents up by their owner.
CREATE INDEX documents_by_owner ON documents (owner_id);

-- Sign-out no longer sends the ID token anywhere, so it is not kept.
ALTER TABLE sessions DROP COLUMN id_token;
