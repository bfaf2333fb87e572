-- tokenkit schema version 2 for H2 2.x: tenants, group owners, and the mark of an issued JWT.
-- Existing rows keep their meaning: no tenant, a user owner, no JWT recorded. Idempotent.
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS tenant VARCHAR;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS owner_kind VARCHAR(16) DEFAULT 'USER' NOT NULL;
ALTER TABLE ${prefix}tokens ADD COLUMN IF NOT EXISTS jwt_issued_at BIGINT;
CREATE INDEX IF NOT EXISTS ${prefix}tokens_tenant_ix ON ${prefix}tokens (tenant, id);
