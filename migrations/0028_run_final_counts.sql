-- /metrics reports the runs by state at every scrape. It counted the whole runs table, so a scrape grew with the
-- history (169 ms at a million runs on PostgreSQL, in every serving process, every 15 s). The active states are
-- few and counted from runs_claimable; the ended ones are counted here as runs end, by triggers, in shards (a
-- connection adds to its own) so that workers ending runs at once do not wait on one row.
CREATE TABLE run_final_counts (
  status text NOT NULL,
  shard smallint NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (status, shard)
);

INSERT INTO run_final_counts (status, shard, n)
  SELECT status, 0, count(*) FROM runs WHERE status IN ('succeeded', 'failed', 'rolled_back', 'cancelled')
   GROUP BY status;

-- A run ends once: from queued or running to an ended state (ended states are final).
CREATE FUNCTION count_run_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_final_counts (status, shard, n) VALUES (NEW.status, pg_backend_pid() % 16, 1)
  ON CONFLICT (status, shard) DO UPDATE SET n = run_final_counts.n + 1;
  RETURN NULL;
END
$$;

CREATE TRIGGER runs_ended AFTER UPDATE OF status ON runs FOR EACH ROW
  WHEN (OLD.status IN ('queued', 'running') AND NEW.status IN ('succeeded', 'failed', 'rolled_back', 'cancelled'))
  EXECUTE FUNCTION count_run_ended();

-- Runs inserted already ended (imports, seeded data): counted by the statement, not row by row.
CREATE FUNCTION count_runs_inserted_ended() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_final_counts (status, shard, n)
    SELECT status, pg_backend_pid() % 16, count(*) FROM inserted
     WHERE status IN ('succeeded', 'failed', 'rolled_back', 'cancelled')
     GROUP BY status
  ON CONFLICT (status, shard) DO UPDATE SET n = run_final_counts.n + EXCLUDED.n;
  RETURN NULL;
END
$$;

CREATE TRIGGER runs_inserted_ended AFTER INSERT ON runs REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION count_runs_inserted_ended();
