-- Durable runs (seed 001's Execution, seed 000's agent_runs, seed 004's OperationRun), their steps,
-- tool calls and evidence.

CREATE TABLE runs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  plan_id uuid NOT NULL REFERENCES plans (id),
  plan_revision integer NOT NULL,
  content_hash text NOT NULL,
  -- Same plan content = same identity: at most one active run of it (partial unique index below).
  identity_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'rolled_back', 'cancelled')),
  started_by uuid NOT NULL REFERENCES actors (id),
  break_glass_exception_id uuid,
  retry_of uuid REFERENCES runs (id),
  cancel_requested boolean NOT NULL DEFAULT false,
  lease_owner text,
  lease_expires_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  error jsonb,
  context jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX runs_one_active ON runs (identity_hash) WHERE status IN ('queued', 'running');
CREATE INDEX runs_list ON runs (tenant_id, created_at DESC, id DESC);
CREATE INDEX runs_plan ON runs (plan_id, created_at DESC);

CREATE TABLE run_steps (
  run_id uuid NOT NULL REFERENCES runs (id),
  step_id text NOT NULL,
  position integer NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'skipped', 'rolling_back', 'rolled_back', 'rollback_failed')),
  preconditions jsonb NOT NULL DEFAULT '[]',
  error jsonb,
  started_at timestamptz,
  completed_at timestamptz,
  PRIMARY KEY (run_id, step_id)
);

CREATE TABLE tool_calls (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  step_id text NOT NULL,
  phase text NOT NULL CHECK (phase IN ('do', 'undo')),
  tool_name text NOT NULL,
  -- Derived from run, step and phase: a call retried after a crash carries the same key.
  idempotency_key text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN ('pending', 'running', 'failed', 'succeeded')),
  attempts integer NOT NULL DEFAULT 0,
  input_ref text,
  input_sha256 text,
  output_ref text,
  output_sha256 text,
  link text,
  sandbox_id text,
  error jsonb,
  started_at timestamptz,
  completed_at timestamptz
);
CREATE INDEX tool_calls_run ON tool_calls (run_id, started_at);

CREATE TABLE evidence (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  step_id text NOT NULL,
  type text NOT NULL,
  query text NOT NULL,
  result_ref text NOT NULL,
  sha256 text NOT NULL,
  link text,
  collected_at timestamptz NOT NULL,
  UNIQUE (run_id, step_id, type, query)
);
CREATE INDEX evidence_run ON evidence (run_id);
