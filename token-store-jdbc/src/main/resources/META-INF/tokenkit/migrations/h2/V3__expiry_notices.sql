-- tokenkit schema version 3 for H2 2.x: the expiry an expiry notice was last sent for.
-- Existing rows have had no notice. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS expiry_notice_for BIGINT;
