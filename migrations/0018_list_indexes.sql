-- Lists that stay flat as data grows: each filter of GET /v1/plans and GET /v1/runs has an index that
-- starts with the tenant and the filtered column and ends with the list's order (created_at DESC, id DESC),
-- so a page is read in order from the index and stops after `limit` rows, whatever the table's size.
-- The keyset cursor (created_at, id) < (…) is a range on the same index.

DROP INDEX plans_status;
CREATE INDEX plans_status ON plans (tenant_id, status, created_at DESC, id DESC);
CREATE INDEX plans_risk ON plans (tenant_id, risk_level, created_at DESC, id DESC);
CREATE INDEX plans_environment ON plans (tenant_id, environment, created_at DESC, id DESC);
CREATE INDEX plans_creator ON plans (tenant_id, creator_id, created_at DESC, id DESC);

DROP INDEX runs_plan;
CREATE INDEX runs_plan ON runs (plan_id, created_at DESC, id DESC);
CREATE INDEX runs_status ON runs (tenant_id, status, created_at DESC, id DESC);
