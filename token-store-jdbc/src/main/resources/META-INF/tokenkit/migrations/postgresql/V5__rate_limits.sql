-- tokenkit schema version 5 for PostgreSQL: a token's rate limits, written as in the API and
-- separated by commas ('100/1m,5000/1d'; empty: none). Existing rows keep no limits. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS rate_limits TEXT NOT NULL DEFAULT '';
