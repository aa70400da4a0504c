-- Playbooks (parameterized plan templates), runbooks, and the firings schedules missed while nothing ran.

-- Every version of a tenant's playbook; a change adds a version, nothing is rewritten. Built-in playbooks
-- live in the repository (playbooks/*.yaml), not here.
CREATE TABLE playbooks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  name text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  body jsonb NOT NULL,
  content_hash text NOT NULL,
  created_by uuid NOT NULL REFERENCES actors (id),
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, name, version)
);

-- Markdown runbooks, linked to context-graph services (by id or name) and to playbooks (by name).
CREATE TABLE runbooks (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id text NOT NULL,
  title text NOT NULL,
  markdown text NOT NULL,
  services jsonb NOT NULL DEFAULT '[]',
  playbooks jsonb NOT NULL DEFAULT '[]',
  version integer NOT NULL,
  updated_by uuid NOT NULL REFERENCES actors (id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);

-- Occurrences of a schedule that came due while no process was running its cron: reported, never replayed.
CREATE TABLE schedule_missed_firings (
  schedule_id uuid NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  due_at timestamptz NOT NULL,
  reported_at timestamptz NOT NULL,
  PRIMARY KEY (schedule_id, due_at)
);
