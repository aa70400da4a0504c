-- Plans, their decisions and approvals, exception events, policy sets, tenant tools and the context graph.

CREATE TABLE plans (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  creator_id uuid NOT NULL REFERENCES actors (id),
  status text NOT NULL CHECK (status IN ('pending_approval', 'approved', 'denied', 'sent_back', 'cancelled', 'expired')),
  trigger text NOT NULL,
  summary text NOT NULL,
  environment text NOT NULL,
  risk_level text NOT NULL,
  revision integer NOT NULL DEFAULT 1,
  content_hash text NOT NULL,
  -- The submission as validated and redacted.
  body jsonb NOT NULL,
  -- step_id -> hash of {tool, input} as submitted (before redaction), so a call's input can be matched.
  step_hashes jsonb NOT NULL,
  -- RiskScore per plan and per step.
  risk jsonb NOT NULL,
  -- effect, requirement, reasons, matching policy ids, policy version hash.
  decision jsonb NOT NULL,
  -- The approval state machine's state for the current revision (null when policy allowed or denied).
  approval jsonb,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX plans_list ON plans (tenant_id, created_at DESC, id DESC);
CREATE INDEX plans_status ON plans (tenant_id, status, created_at DESC);
CREATE INDEX plans_pending_expiry ON plans (tenant_id, ((approval ->> 'expires_at'))) WHERE status IN ('pending_approval', 'sent_back', 'approved');

CREATE TABLE plan_revisions (
  plan_id uuid NOT NULL REFERENCES plans (id),
  revision integer NOT NULL,
  content_hash text NOT NULL,
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (plan_id, revision)
);

-- Votes. One per actor per revision, enforced here as well as in the state machine.
CREATE TABLE approvals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  plan_id uuid NOT NULL REFERENCES plans (id),
  revision integer NOT NULL,
  content_hash text NOT NULL,
  actor_id uuid NOT NULL REFERENCES actors (id),
  decision text NOT NULL CHECK (decision IN ('approve', 'deny', 'send_back')),
  comment text,
  source text NOT NULL CHECK (source IN ('ui', 'cli', 'api', 'slack', 'linear')),
  template_answers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  UNIQUE (plan_id, revision, actor_id)
);
CREATE INDEX approvals_plan ON approvals (plan_id, revision);

CREATE TABLE exception_events (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  type text NOT NULL CHECK (type IN ('unapproved_attempt', 'break_glass', 'approval_expired')),
  status text NOT NULL CHECK (status IN ('open', 'resolved')),
  actor_id text NOT NULL,
  plan_id uuid,
  run_id uuid,
  reason text,
  details jsonb NOT NULL DEFAULT '{}',
  raised_at timestamptz NOT NULL,
  resolution jsonb
);
CREATE INDEX exception_events_list ON exception_events (tenant_id, status, raised_at DESC);

-- Versioned Cedar policy sets; at most one active per tenant (none = the shipped default).
CREATE TABLE policy_sets (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL,
  version_hash text NOT NULL,
  policies text NOT NULL,
  active boolean NOT NULL DEFAULT false,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (tenant_id, version)
);
CREATE UNIQUE INDEX policy_sets_one_active ON policy_sets (tenant_id) WHERE active;

CREATE TABLE tenant_tools (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, name)
);

-- The context graph (seed 001): services, the resources they own, and how they relate.
CREATE TABLE services (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  service_id text NOT NULL,
  body jsonb NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, service_id)
);

CREATE TABLE context_nodes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  node_id text NOT NULL,
  kind text NOT NULL,
  name text NOT NULL,
  labels jsonb NOT NULL DEFAULT '{}',
  owner_team text,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, node_id)
);

CREATE TABLE context_edges (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  edge_id text NOT NULL,
  from_node_id text NOT NULL,
  to_node_id text NOT NULL,
  relation text NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, edge_id)
);
CREATE INDEX context_edges_from ON context_edges (tenant_id, from_node_id);
CREATE INDEX context_edges_to ON context_edges (tenant_id, to_node_id);
