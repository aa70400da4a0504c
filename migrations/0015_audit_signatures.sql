-- Events signed by their writer, and the audit log's quarantine (issue 17).
-- SQL here must run on PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).

-- The processes allowed to sign events: each listing is signed by the installation's audit key (the one that
-- signs checkpoints), so a database writer cannot add a signer. Installation-wide, like that key.
CREATE TABLE audit_signers (
  key_id text PRIMARY KEY,
  public_key bytea NOT NULL,
  registration text NOT NULL,
  registered_at timestamptz NOT NULL
);

-- What the integrator refused and what the self-check found. An open refusal of a pending row halts that
-- tenant's integration until an admin resolves it; resolving moves the row out of audit_events (its body is
-- kept here from the moment it was found).
CREATE TABLE audit_quarantine (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('unsigned', 'unknown_signer', 'bad_signature', 'leaf_mismatch',
    'missing_leaf', 'checkpoint_mismatch')),
  seq bigint,
  event_id uuid,
  leaf_index bigint,
  detail text NOT NULL,
  body jsonb,
  detected_at timestamptz NOT NULL,
  resolved_at timestamptz,
  resolved_by uuid
);

-- The integrator and /readyz ask for open entries only.
CREATE INDEX audit_quarantine_open ON audit_quarantine (tenant_id) WHERE resolved_at IS NULL;
