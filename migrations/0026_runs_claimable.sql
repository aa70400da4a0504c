-- The runs table is the run queue. Workers claim the oldest run that is queued, or running with its lease lapsed
-- (findRunsToClaim), instead of fetching a job that names it: the job queue (pg-boss) had cost a run a job sent,
-- fetched and completed, and a reconciler sending again the runs whose job was lost, for a fact the runs table
-- already held. Turns are fair between tenants (a run's place is its place in its tenant's queue plus that
-- tenant's runs being driven), so the read takes each tenant's first runs: this index holds only the active runs,
-- by tenant in queue order, so it costs a probe a tenant and the runs in flight and waiting, not the table; a run
-- leaves it as it ends.
CREATE INDEX runs_claimable ON runs (tenant_id, created_at, id) WHERE status IN ('queued', 'running');
