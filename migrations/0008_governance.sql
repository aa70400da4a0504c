-- Verification runs (seed 004), governance decisions, tenant reviews, evidence snapshots and review packs
-- (seed 002). The package projection of seed 002 is derived on read and has no table.

-- A verification of one run: lifecycle and dedupe here, the report itself in runs.context.verification_report.
CREATE TABLE verification_runs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  run_id uuid NOT NULL REFERENCES runs (id),
  flow text NOT NULL CHECK (flow IN ('pre_run', 'post_run')),
  run_identity_hash text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'completed')),
  outcome text NOT NULL CHECK (outcome IN ('pending', 'succeeded', 'failed')),
  summary_counts jsonb NOT NULL DEFAULT '{}',
  failure_summary jsonb,
  user_id uuid NOT NULL REFERENCES actors (id),
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  completed_at timestamptz
);
-- Seed 004: at most one active verification per identity, enforced by the database.
CREATE UNIQUE INDEX verification_runs_one_active ON verification_runs (tenant_id, run_identity_hash)
  WHERE status IN ('queued', 'running');
CREATE INDEX verification_runs_run ON verification_runs (run_id, created_at DESC);

-- Accepted risks and exceptions; their validity state is derived on read from status and dates.
CREATE TABLE governance_decisions (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  kind text NOT NULL CHECK (kind IN ('accepted_risk', 'exception')),
  title text NOT NULL,
  severity text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
  source_kind text NOT NULL CHECK (source_kind IN ('finding', 'exception_event', 'failed_check')),
  source_ref jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'revoked')),
  owner_user_id uuid REFERENCES actors (id),
  requested_by uuid NOT NULL REFERENCES actors (id),
  approved_by_user_id uuid REFERENCES actors (id),
  request_reason text NOT NULL,
  review_due_at timestamptz,
  effective_from timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- The approval engine's state (src/approvals/machine.ts), as for plans.
  approval jsonb NOT NULL,
  revoked_at timestamptz,
  revoked_by uuid REFERENCES actors (id),
  revoke_reason text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX governance_decisions_list ON governance_decisions (tenant_id, created_at DESC, id);

CREATE TABLE evidence_snapshots (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  status text NOT NULL CHECK (status IN ('active', 'expired')),
  completeness_state text NOT NULL CHECK (completeness_state IN ('complete', 'partial', 'missing')),
  generated_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  summary jsonb NOT NULL,
  -- Each item: kind, ref, sha256 (and a short label); never the evidence body.
  items jsonb NOT NULL,
  sha256 text NOT NULL
);

CREATE TABLE tenant_reviews (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  status text NOT NULL CHECK (status IN ('draft', 'released')),
  generated_at timestamptz NOT NULL,
  published_at timestamptz,
  summary jsonb NOT NULL,
  evidence_snapshot_id uuid NOT NULL REFERENCES evidence_snapshots (id),
  current_export_review_pack_id uuid,
  created_by uuid NOT NULL REFERENCES actors (id),
  released_by uuid REFERENCES actors (id)
);
CREATE INDEX tenant_reviews_list ON tenant_reviews (tenant_id, generated_at DESC, id);

CREATE TABLE tenant_review_sections (
  tenant_review_id uuid NOT NULL REFERENCES tenant_reviews (id),
  section_key text NOT NULL CHECK (section_key IN ('executive_summary', 'control_interpretation', 'open_risks',
    'accepted_risks', 'permission_posture', 'baseline_drift_posture', 'operations_health')),
  title text NOT NULL,
  sort_order integer NOT NULL,
  completeness_state text NOT NULL CHECK (completeness_state IN ('complete', 'partial', 'missing')),
  summary_payload jsonb NOT NULL,
  render_payload jsonb NOT NULL,
  measured_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_review_id, section_key)
);

CREATE TABLE review_packs (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  tenant_review_id uuid NOT NULL REFERENCES tenant_reviews (id),
  status text NOT NULL CHECK (status IN ('ready', 'failed')),
  object_key text NOT NULL,
  sha256 text NOT NULL,
  size_bytes integer NOT NULL,
  expires_at timestamptz NOT NULL,
  summary jsonb NOT NULL,
  options jsonb NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL REFERENCES actors (id),
  created_at timestamptz NOT NULL
);
CREATE INDEX review_packs_review ON review_packs (tenant_review_id, created_at DESC);
