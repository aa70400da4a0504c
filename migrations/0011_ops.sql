-- Operations: security events, per-minute request aggregates (the SLOs' source), webhook replay
-- protection, and the chat identities that let Slack and Linear users vote as Warrant actors.

-- Seed 003's SecurityEvent, persisted for audit. tenant_id is null when no tenant was known (an
-- unauthenticated request, a webhook whose signature failed). `kind` is Warrant's finer reason within
-- the seed's attack_type (e.g. bad_signature, replay, unapproved_attempt); status_code is the exact answer.
CREATE TABLE security_events (
  id uuid PRIMARY KEY,
  tenant_id uuid REFERENCES tenants (id),
  occurred_at timestamptz NOT NULL,
  request_id text NOT NULL,
  ip_address text,
  attack_type text NOT NULL
    CHECK (attack_type IN ('sql_injection', 'xss', 'command_injection', 'rate_limit_exceeded', 'invalid_input')),
  kind text NOT NULL,
  blocked_payload text NOT NULL CHECK (length(blocked_payload) <= 1000),
  endpoint_targeted text NOT NULL,
  method text NOT NULL,
  user_agent text,
  action_taken text NOT NULL CHECK (action_taken IN ('rejected_400', 'rejected_429', 'sanitized', 'logged_only')),
  status_code integer,
  actor_id uuid
);
CREATE INDEX security_events_tenant_time ON security_events (tenant_id, occurred_at DESC, id DESC);
CREATE INDEX security_events_time ON security_events (occurred_at DESC, id DESC);

-- Requests per minute from every process, added together: count, 5xx errors and a latency histogram
-- (counts per bucket of ops/slo.ts's bounds). A process writes its minute even when idle, so a minute
-- with no row is a minute no Warrant process was up.
CREATE TABLE request_minutes (
  minute timestamptz PRIMARY KEY,
  requests bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  latency_buckets bigint[] NOT NULL
);

-- Signed webhook deliveries seen recently (Slack signature, Linear delivery id): the same one again is a
-- replay. Rows older than the accepted clock skew are pruned.
CREATE TABLE webhook_deliveries (
  source text NOT NULL,
  delivery text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (source, delivery)
);

-- Which Warrant actor a chat user votes as, per tenant; set by the tenant's admins.
CREATE TABLE chat_identities (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  provider text NOT NULL CHECK (provider IN ('slack', 'linear')),
  external_id text NOT NULL,
  actor_id uuid NOT NULL REFERENCES actors (id),
  updated_by uuid NOT NULL REFERENCES actors (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, provider, external_id)
);
