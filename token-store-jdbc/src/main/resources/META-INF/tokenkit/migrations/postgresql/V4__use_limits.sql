-- tokenkit schema version 4 for PostgreSQL: a token's remaining uses (null: unlimited) and their refill
-- (uses per period, the period and the current period's start, in microseconds).
-- Existing rows keep unlimited use. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS remaining_uses BIGINT;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS uses_refill BIGINT;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS uses_refill_period BIGINT;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS uses_refill_start BIGINT;
