-- tokenkit schema version 4 for PostgreSQL: a token's remaining uses (null: unlimited).
-- Existing rows keep unlimited use. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS remaining_uses BIGINT;
