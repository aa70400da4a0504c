-- Scopes that were installation-wide become per tenant.

-- Requests per minute of each tenant's callers (what they were answered), beside request_minutes' installation
-- totals. A run start is gated on its tenant's own error budget, so another tenant's (or an anonymous
-- caller's) failures cannot freeze it. No foreign key: a metrics row must never make a flush fail.
CREATE TABLE tenant_request_minutes (
  tenant_id uuid NOT NULL,
  minute timestamptz NOT NULL,
  requests bigint NOT NULL DEFAULT 0,
  errors bigint NOT NULL DEFAULT 0,
  latency_buckets bigint[] NOT NULL,
  PRIMARY KEY (tenant_id, minute)
);

-- A repository is connected per tenant: several tenants may connect the same one, and a delivery reaches
-- the tenants whose webhook secret signed it.
DROP INDEX worklog_repositories_connected;
CREATE UNIQUE INDEX worklog_repositories_connected ON worklog_repositories (tenant_id, lower(full_name))
  WHERE connection_status = 'connected';
CREATE INDEX worklog_repositories_by_name ON worklog_repositories (lower(full_name))
  WHERE connection_status = 'connected';
