-- tokenkit schema version 6 for PostgreSQL: each committed change to a token that authentication
-- sees announces the token's id on the channel ${prefix}tokens, for the caches of other nodes
-- (PostgresInvalidationListener). NOTIFY is delivered at commit, and not at all on rollback. Inserts,
-- deletes and every update that moves the version (edits, revocation, uses counted) announce;
-- recording a last use does not move the version and does not announce. Idempotent.
CREATE OR REPLACE FUNCTION ${prefix}tokens_announce() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM pg_notify('${prefix}tokens', OLD.id);
  ELSE
    PERFORM pg_notify('${prefix}tokens', NEW.id);
  END IF;
  RETURN NULL;
END
$$;
DROP TRIGGER IF EXISTS ${prefix}tokens_announce_rows ON ${prefix}tokens;
CREATE TRIGGER ${prefix}tokens_announce_rows AFTER INSERT OR DELETE ON ${prefix}tokens
  FOR EACH ROW EXECUTE FUNCTION ${prefix}tokens_announce();
DROP TRIGGER IF EXISTS ${prefix}tokens_announce_versions ON ${prefix}tokens;
CREATE TRIGGER ${prefix}tokens_announce_versions AFTER UPDATE ON ${prefix}tokens
  FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version)
  EXECUTE FUNCTION ${prefix}tokens_announce();
