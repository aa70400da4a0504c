-- Lists that stay flat when filters are combined. GET /v1/plans takes four equality filters (status, risk,
-- environment, creator) and GET /v1/runs two (plan_id, status); 0018 gave each filter alone an index ending with
-- the list's order. A combination read from one filter's index discards the rows the others reject, so a rare
-- pair of common values (risk=high & environment=dev: 0.1% of plans, while each is 5–20%) read thousands of
-- rows at 100k plans to fill one page, and more as the table grows; for runs, plan_id & status was a BitmapAnd
-- that read every run of the tenant with that status.
--
-- Here each pair of filters gets an index (tenant, a, b, created_at DESC, id DESC): both values are in the index
-- condition, the rows come in the list's order and a page stops after `limit` rows (or at the pair's last row),
-- whatever the table's size. Six for plans (every pair of four), one for runs (plan_id first: a plan's runs are
-- one tenant's, as runs_plan already assumes).
--
-- Why pairs and not more. Each index costs every write of a row: a plan's insert, and each update that changes
-- an indexed column or the approval (votes, status changes, expiry: those updates are not HOT already, as
-- status and approval are indexed, so they write an entry in every index). Covering every combination would
-- take 4 more for the triples and 1 for all four (plans: 7 → 18 indexes, every one of them written on each vote);
-- pairs take it to 13 and add no column that was not indexed before, so no update that was HOT stops being HOT.
-- What a triple then costs: it reads the index of one of its pairs (the planner takes the most selective) and
-- discards the rows the third filter rejects, so it reads about (page ÷ share of the pair's rows that match the
-- third) rows, and at most all the pair's rows. That grows with the table only when the third value is rare
-- within an already rare pair; the scale bench keeps such a case (status=pending_approval & risk=high & creator)
-- beside the others.

CREATE INDEX plans_status_risk ON plans (tenant_id, status, risk_level, created_at DESC, id DESC);
CREATE INDEX plans_status_environment ON plans (tenant_id, status, environment, created_at DESC, id DESC);
CREATE INDEX plans_status_creator ON plans (tenant_id, status, creator_id, created_at DESC, id DESC);
CREATE INDEX plans_risk_environment ON plans (tenant_id, risk_level, environment, created_at DESC, id DESC);
CREATE INDEX plans_risk_creator ON plans (tenant_id, risk_level, creator_id, created_at DESC, id DESC);
CREATE INDEX plans_environment_creator ON plans (tenant_id, environment, creator_id, created_at DESC, id DESC);

CREATE INDEX runs_plan_status ON runs (plan_id, status, created_at DESC, id DESC);
