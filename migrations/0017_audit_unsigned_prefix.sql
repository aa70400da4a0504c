-- The upgrade path of a log that began before writers signed events (issue 17; see src/audit/unsigned-prefix.ts).
-- SQL here must run on PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).

-- One row per tenant whose log holds events without a writer's signature. `pending_seqs` are the unsigned rows that
-- were still waiting for the integrator when this migration ran: written by the code before 0015, they are the
-- only unsigned rows it may ever integrate (a row quarantined already stays so; an admin decides). Once they are in
-- the tree, the installation key signs "the first `size` leaves, with root `root`, predate writer signatures" and
-- the row is sealed: `verify` accepts an unsigned event only below that size, and only under that root.
CREATE TABLE audit_unsigned_prefix (
  tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
  pending_seqs bigint[] NOT NULL,
  size bigint,
  root bytea,
  signature text,
  sealed_at timestamptz
);

INSERT INTO audit_unsigned_prefix (tenant_id, pending_seqs)
SELECT e.tenant_id,
  coalesce(array_agg(e.seq ORDER BY e.seq) FILTER (WHERE e.leaf_index IS NULL), '{}')
FROM audit_events e
WHERE NOT (e.body ? 'signature')
  AND NOT EXISTS (SELECT 1 FROM audit_quarantine q WHERE q.seq = e.seq)
GROUP BY e.tenant_id;

-- A witness that cosigned a larger tree of a log than the log holds now: the log was cut back (or forked). A fault
-- of the log like the self-check's: recorded, a security event, /readyz degraded; it halts nothing.
ALTER TABLE audit_quarantine DROP CONSTRAINT audit_quarantine_kind_check;
ALTER TABLE audit_quarantine ADD CONSTRAINT audit_quarantine_kind_check CHECK (kind IN ('unsigned', 'unknown_signer',
  'bad_signature', 'leaf_mismatch', 'missing_leaf', 'checkpoint_mismatch', 'witness_ahead'));
