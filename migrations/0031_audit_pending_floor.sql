-- The integrator's pending read scanned audit_events_pending from its first entry. Giving a row its leaf index
-- leaves the row's old entry there, dead, until a VACUUM, and the embedded engine never vacuums (nor does a
-- server with autovacuum off): at ~900,000 events the read visited 890,007 dead entries for 500 pending rows,
-- 2.16 s every 250 ms. The read now starts at a floor below which nothing can be pending, and the index leads
-- with what the floor bounds.
--
-- The floor is a transaction id, not a seq: a seq is drawn before its transaction commits, so a lower seq can
-- commit later, but a transaction older than a snapshot's xmin has ended. Each row carries the id of the
-- transaction that wrote it (txid); rows written before this migration carry 0.
ALTER TABLE audit_events ADD COLUMN txid xid8 NOT NULL DEFAULT '0';
ALTER TABLE audit_events ALTER COLUMN txid SET DEFAULT pg_current_xact_id();

-- The default, enforced: a row written straight into the table with a txid below the floor would never be read,
-- so never quarantined, and stay pending out of sight. Its own transaction's id is what it gets.
CREATE FUNCTION audit_events_stamp_txid() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.txid := CASE WHEN TG_OP = 'INSERT' THEN pg_current_xact_id() ELSE OLD.txid END;
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_events_stamp_txid BEFORE INSERT OR UPDATE OF txid ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_stamp_txid();

DROP INDEX audit_events_pending;
CREATE INDEX audit_events_pending ON audit_events (txid, seq) WHERE leaf_index IS NULL;

-- One row: every row with a txid below it that is still pending belongs to a tenant whose integration is halted
-- (resolving the halt lowers it again, audit/quarantine.ts).
CREATE TABLE audit_pending_floor (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  txid xid8 NOT NULL
);
INSERT INTO audit_pending_floor (txid) VALUES ('0');
