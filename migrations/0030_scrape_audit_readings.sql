-- /metrics reports the audit log's size and the age of the newest checkpoint at every scrape. Both read a row per
-- tenant (the heads' sizes summed, each tenant's latest checkpoint): 17.8 ms at 10,000 tenants on PostgreSQL. The
-- newest checkpoint is now an index's last entry, and the size a total kept by a trigger as heads grow, in shards
-- (a connection adds to its own) so that integrators of different tenants do not wait on one row.
CREATE INDEX audit_checkpoints_published ON audit_checkpoints (published_at);

CREATE TABLE audit_size_totals (
  shard smallint PRIMARY KEY,
  size bigint NOT NULL
);

INSERT INTO audit_size_totals (shard, size) SELECT 0, coalesce(sum(size), 0) FROM audit_heads;

CREATE FUNCTION count_audit_size() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_size_totals (shard, size)
    VALUES (pg_backend_pid() % 16, NEW.size - CASE WHEN TG_OP = 'UPDATE' THEN OLD.size ELSE 0 END)
  ON CONFLICT (shard) DO UPDATE SET size = audit_size_totals.size + EXCLUDED.size;
  RETURN NULL;
END
$$;

CREATE TRIGGER audit_heads_size AFTER INSERT OR UPDATE OF size ON audit_heads
  FOR EACH ROW EXECUTE FUNCTION count_audit_size();
