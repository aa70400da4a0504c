-- WorkLog (seed 000): connected GitHub repositories, webhook deliveries, pr-events, intents with their approval,
-- agent runs and review outputs, asset cards and their decision logs, provisioning events.
-- No diff is ever stored: runs keep the PR's SHAs and the diff's SHA-256 only.

CREATE TABLE worklog_repositories (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- The user who connected it: the developer whose pull requests are reviewed and whose asset cards they become.
  owner_id uuid NOT NULL REFERENCES actors (id),
  full_name text NOT NULL,
  -- Per-repository setting read by the review risk engine.
  sensitivity text NOT NULL CHECK (sensitivity IN ('normal', 'high')),
  connection_status text NOT NULL CHECK (connection_status IN ('connected', 'disconnected')),
  -- pending until the first signed delivery arrives, then active.
  webhook_status text NOT NULL CHECK (webhook_status IN ('pending', 'active')),
  last_delivery_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (tenant_id, full_name)
);
-- A delivery names a repository, not a tenant: one connected tenant per repository routes it.
CREATE UNIQUE INDEX worklog_repositories_connected ON worklog_repositories (lower(full_name))
  WHERE connection_status = 'connected';

-- Every signed delivery seen, by GitHub's delivery id: a second one with the same id is a replay.
CREATE TABLE worklog_deliveries (
  delivery_id text PRIMARY KEY,
  event text NOT NULL,
  repository text,
  tenant_id uuid REFERENCES tenants (id),
  outcome text NOT NULL CHECK (outcome IN ('recorded', 'ignored')),
  replays integer NOT NULL DEFAULT 0,
  received_at timestamptz NOT NULL,
  last_replay_at timestamptz
);

CREATE TABLE worklog_pr_events (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  repository_id uuid NOT NULL REFERENCES worklog_repositories (id),
  delivery_id text NOT NULL REFERENCES worklog_deliveries (delivery_id),
  action text NOT NULL,
  pr_number integer NOT NULL,
  pr_url text NOT NULL,
  title text NOT NULL,
  -- Redacted; the asset card is written from it.
  description text NOT NULL,
  author text,
  base_sha text NOT NULL,
  head_sha text NOT NULL,
  merged boolean NOT NULL,
  merged_at timestamptz,
  additions integer NOT NULL,
  deletions integer NOT NULL,
  changed_files integer NOT NULL,
  received_at timestamptz NOT NULL,
  -- Set once the event's intent or asset card exists; until then the worklog sweep retries it.
  processed_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  UNIQUE (repository_id, pr_number, action, head_sha)
);
CREATE INDEX worklog_pr_events_unprocessed ON worklog_pr_events (received_at) WHERE processed_at IS NULL;

-- Seed 000's intents, for AI reviews and project provisioning. The approval column is the approval state
-- machine's state (src/approvals/machine.ts), bound to content_hash; null when riskLevel Low needs none.
CREATE TABLE worklog_intents (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('review', 'project')),
  creator_id uuid NOT NULL REFERENCES actors (id),
  purpose text NOT NULL,
  scope text NOT NULL,
  constraints jsonb NOT NULL,
  success_criteria jsonb NOT NULL,
  risk_level text NOT NULL CHECK (risk_level IN ('Low', 'Med', 'High')),
  risk_reasons jsonb NOT NULL,
  requires_approval boolean NOT NULL,
  status text NOT NULL,
  content_hash text NOT NULL,
  approval jsonb,
  -- review: the pull request; project: the repository to create and the model's considerations.
  pr_event_id uuid REFERENCES worklog_pr_events (id),
  spec jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (pr_event_id)
);
CREATE INDEX worklog_intents_list ON worklog_intents (tenant_id, created_at DESC);

-- Votes on an intent, one per actor.
CREATE TABLE worklog_approvals (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  intent_id uuid NOT NULL REFERENCES worklog_intents (id),
  actor_id uuid NOT NULL REFERENCES actors (id),
  decision text NOT NULL CHECK (decision IN ('approve', 'deny', 'send_back')),
  comment text,
  source text NOT NULL,
  template_answers jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  UNIQUE (intent_id, actor_id)
);

-- Seed 000's agent_runs: one review of one pull request head.
CREATE TABLE worklog_runs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  intent_id uuid NOT NULL UNIQUE REFERENCES worklog_intents (id),
  approval_id uuid REFERENCES worklog_approvals (id),
  repo_full_name text NOT NULL,
  pr_number integer NOT NULL,
  pr_url text NOT NULL,
  base_sha text NOT NULL,
  head_sha text NOT NULL,
  diff_hash text,
  status text NOT NULL CHECK (status IN ('waiting_approval', 'queued', 'running', 'succeeded', 'failed')),
  error_code text,
  github_review_id bigint,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz
);
CREATE INDEX worklog_runs_queued ON worklog_runs (created_at) WHERE status = 'queued';

CREATE TABLE worklog_review_outputs (
  run_id uuid PRIMARY KEY REFERENCES worklog_runs (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  summary text NOT NULL,
  findings jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('valid', 'invalid')),
  error_code text,
  created_at timestamptz NOT NULL
);

CREATE TABLE worklog_asset_cards (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  owner_id uuid NOT NULL REFERENCES actors (id),
  pr_event_id uuid NOT NULL UNIQUE REFERENCES worklog_pr_events (id),
  repo_full_name text NOT NULL,
  pr_number integer NOT NULL,
  pr_url text NOT NULL,
  merged_at timestamptz,
  title text NOT NULL,
  summary text NOT NULL,
  impact text NOT NULL,
  skills jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'flagged')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX worklog_asset_cards_owner ON worklog_asset_cards (tenant_id, owner_id, created_at DESC);

CREATE TABLE worklog_decision_logs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  card_id uuid NOT NULL REFERENCES worklog_asset_cards (id),
  actor_id uuid NOT NULL REFERENCES actors (id),
  decision text NOT NULL CHECK (decision IN ('approve', 'edit', 'reject')),
  -- For edits: the card's fields before and after.
  changes jsonb,
  comment text,
  created_at timestamptz NOT NULL
);
CREATE INDEX worklog_decision_logs_card ON worklog_decision_logs (card_id, created_at);

CREATE TABLE worklog_provisioning_events (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  intent_id uuid NOT NULL REFERENCES worklog_intents (id),
  approval_id uuid NOT NULL REFERENCES worklog_approvals (id),
  actor_id text NOT NULL,
  resource_type text NOT NULL,
  -- What was provisioned, e.g. `owner/name`: one event per intent, type and scope.
  scope text NOT NULL,
  resource_id text NOT NULL,
  resource_url text NOT NULL CHECK (resource_url ~ '^https?://'),
  structure_type text,
  created_at timestamptz NOT NULL,
  UNIQUE (intent_id, resource_type, scope)
);
