-- CI as evidence (seed 003's PipelineJob and PreviewDeployment): what GitHub said of a review's head when the review
-- ran, kept with the review so a later change on GitHub does not change what the review is known to have used.
CREATE TABLE worklog_ci_snapshots (
  run_id uuid PRIMARY KEY REFERENCES worklog_runs (id),
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  head_sha text NOT NULL,
  pipelines jsonb NOT NULL,
  previews jsonb NOT NULL,
  -- SHA-256 of the canonical JSON of {head_sha, pipelines, previews}.
  sha256 text NOT NULL,
  captured_at timestamptz NOT NULL
);
