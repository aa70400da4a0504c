-- Triggers that submit plans on their own: Alertmanager notifications and scheduled plans.

-- One row per alert occurrence and status seen: a repeated notification of the same firing alert finds
-- its row and is not planned twice. Alertmanager's startsAt is kept as sent (text) so the key is exact.
CREATE TABLE alert_notifications (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  fingerprint text NOT NULL,
  starts_at text NOT NULL,
  status text NOT NULL CHECK (status IN ('firing', 'resolved')),
  alertname text,
  -- Redacted labels, for the record only.
  labels jsonb NOT NULL DEFAULT '{}',
  group_key text,
  plan_id uuid REFERENCES plans (id),
  received_by uuid NOT NULL REFERENCES actors (id),
  received_at timestamptz NOT NULL,
  UNIQUE (tenant_id, fingerprint, starts_at, status)
);

-- A plan submitted on a cron; pg-boss's cron fires it (its schedule key is the id), this row is the truth.
CREATE TABLE schedules (
  id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  cron text NOT NULL,
  timezone text NOT NULL,
  -- The redacted plan submission, submitted anew with trigger `scheduled` at each firing.
  plan jsonb NOT NULL,
  created_by uuid NOT NULL REFERENCES actors (id),
  created_at timestamptz NOT NULL,
  last_fired_at timestamptz,
  last_plan_id uuid REFERENCES plans (id),
  last_error jsonb,
  UNIQUE (tenant_id, name)
);
