-- tokenkit schema version 5 for H2 2.x: a token's rate limits, written as in the API and separated
-- by commas ('100/1m,5000/1d'; empty: none). Existing rows keep no limits. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS rate_limits VARCHAR NOT NULL DEFAULT '';
