-- tokenkit schema version 1 for PostgreSQL: the token table and the one-time values. ${prefix} is replaced by
-- the configured table prefix (with Flyway: the placeholder "prefix"). Idempotent (IF NOT EXISTS).
-- Instants are microseconds since the epoch (BIGINT): exact, time-zone free, sortable.
-- Collections (scopes, root nodes, origins, CIDRs, attributes) are TEXT in a length-prefixed
-- encoding ("<length>:<value>" per element) that reads back exactly; nothing queries inside them.
CREATE TABLE IF NOT EXISTS ${prefix}tokens (
  id                       VARCHAR(12) COLLATE "C" NOT NULL,
  kind                     VARCHAR(16) NOT NULL,
  name                     TEXT NOT NULL,
  name_key                 TEXT NOT NULL,
  name_hash                CHAR(64) NOT NULL,
  description              TEXT NOT NULL,
  owner_id                 TEXT,
  restricted_user          TEXT,
  secret_hash              BYTEA,
  secret_pepper            INTEGER,
  sealed_secret            BYTEA,
  previous_hash            BYTEA,
  previous_pepper          INTEGER,
  previous_valid_until     BIGINT,
  access_mode              VARCHAR(16) NOT NULL,
  scopes                   TEXT NOT NULL,
  root_nodes               TEXT NOT NULL,
  allowed_origins          TEXT NOT NULL,
  allowed_cidrs            TEXT NOT NULL,
  attributes               TEXT NOT NULL,
  enabled                  BOOLEAN NOT NULL,
  created_at               BIGINT NOT NULL,
  updated_at               BIGINT NOT NULL,
  expires_at               BIGINT,
  last_used_at             BIGINT,
  revoked_at               BIGINT,
  version                  BIGINT NOT NULL,
  CONSTRAINT ${prefix}tokens_pk PRIMARY KEY (id),
  CONSTRAINT ${prefix}tokens_name_uq UNIQUE (name_hash)
);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_owner_ix ON ${prefix}tokens (owner_id);
CREATE INDEX IF NOT EXISTS ${prefix}tokens_expiry_ix ON ${prefix}tokens (expires_at);
-- One-time values (signed-request signatures and nonces) for a replay cache shared across nodes.
CREATE TABLE IF NOT EXISTS ${prefix}one_time_values (
  seen_value               VARCHAR(256) NOT NULL,
  expires_at               BIGINT NOT NULL,
  CONSTRAINT ${prefix}one_time_values_pk PRIMARY KEY (seen_value)
);
CREATE INDEX IF NOT EXISTS ${prefix}one_time_values_expiry_ix ON ${prefix}one_time_values (expires_at);
