-- The spine: tenants, actors, API keys and the audit table.
-- SQL here must run on PostgreSQL 15 (servers) and PGlite (PostgreSQL 18).

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE CHECK (name ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE actors (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  type text NOT NULL CHECK (type IN ('user', 'service', 'agent')),
  name text NOT NULL,
  roles text[] NOT NULL,
  -- The first admin of the first tenant: may create tenants and act in any of them.
  is_root boolean NOT NULL DEFAULT false,
  oidc_subject text,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (tenant_id, oidc_subject)
);
CREATE INDEX actors_tenant ON actors (tenant_id);

CREATE TABLE api_keys (
  id text PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  actor_id uuid NOT NULL REFERENCES actors (id),
  name text NOT NULL,
  -- SHA-256 of the random secret; the secret itself is shown once and never stored.
  secret_hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

-- One Merkle log per tenant. Writers only insert rows; the integrator gives committed
-- rows their leaf_index in commit order, so writers never serialize on a counter.
CREATE TABLE audit_events (
  seq bigserial PRIMARY KEY,
  event_id uuid NOT NULL UNIQUE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  occurred_at timestamptz NOT NULL,
  action text NOT NULL,
  actor_id text,
  plan_id uuid,
  run_id uuid,
  body jsonb NOT NULL,
  leaf_index bigint,
  UNIQUE (tenant_id, leaf_index)
);
CREATE INDEX audit_events_pending ON audit_events (tenant_id, seq) WHERE leaf_index IS NULL;
CREATE INDEX audit_events_search ON audit_events (tenant_id, occurred_at, seq);
CREATE INDEX audit_events_action ON audit_events (tenant_id, action, seq);

-- POST replays: the first response is kept and returned for the same key.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  actor_id uuid NOT NULL,
  key text NOT NULL,
  route text NOT NULL,
  request_hash text NOT NULL,
  status_code integer NOT NULL,
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, actor_id, key)
);
