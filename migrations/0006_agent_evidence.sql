-- Evidence that agents collect and attach to a plan's step (POST /v1/plans/{id}/evidence). Like run
-- evidence it holds a reference into the object store and the SHA-256 of what is stored there.

CREATE TABLE agent_evidence (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  plan_id uuid NOT NULL REFERENCES plans (id),
  step_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('promql', 'traceql', 'argocd', 'k8s', 'cloudtrail', 'git', 'log')),
  query text NOT NULL,
  result_ref text NOT NULL,
  sha256 text NOT NULL,
  link text,
  actor_id uuid NOT NULL REFERENCES actors (id),
  collected_at timestamptz NOT NULL
);
CREATE INDEX agent_evidence_plan ON agent_evidence (plan_id, collected_at, id);
