-- The context graph refreshed from live sources (issue 20, seed 001): each refresh leaves a snapshot naming what
-- it saw, so a decision can name the snapshot its graph came from (src/policy/context-sources.ts).
-- SQL here must run on PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).
CREATE TABLE context_snapshots (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  taken_at timestamptz NOT NULL,
  taken_by text NOT NULL,
  sources text[] NOT NULL,
  -- RFC 8785 SHA-256 of the whole graph (services, nodes, edges) right after the refresh.
  graph_hash text NOT NULL,
  counts jsonb NOT NULL
);

CREATE INDEX context_snapshots_newest ON context_snapshots (tenant_id, taken_at DESC, id DESC);
