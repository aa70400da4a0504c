-- The audit Merkle tree (one per tenant), its head and the checkpoints signed over it.
-- SQL here must run on PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).

-- Complete subtrees only: node (level, idx) covers leaves [idx * 2^level, (idx + 1) * 2^level).
-- Level 0 holds the leaf hashes. The primary key serves every proof's one-query node fetch.
CREATE TABLE audit_nodes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  level smallint NOT NULL,
  idx bigint NOT NULL,
  hash bytea NOT NULL,
  PRIMARY KEY (tenant_id, level, idx)
);

-- Written only by the integrator, under its advisory lock.
CREATE TABLE audit_heads (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  size bigint NOT NULL,
  root bytea NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Published checkpoints: the note is kept byte for byte as signed.
CREATE TABLE audit_checkpoints (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  size bigint NOT NULL,
  root bytea NOT NULL,
  note text NOT NULL,
  published_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, size)
);

-- Audit search pages by seq within a tenant, optionally by actor.
CREATE INDEX audit_events_tenant_seq ON audit_events (tenant_id, seq);
CREATE INDEX audit_events_actor ON audit_events (tenant_id, actor_id, seq);
