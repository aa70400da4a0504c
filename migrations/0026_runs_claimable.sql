-- The runs table is the run queue. Workers claim the oldest run that is queued, or running with its lease lapsed
-- (findRunsToClaim), instead of fetching a job that names it: the job queue (pg-boss) had cost a run a job sent,
-- fetched and completed, and a reconciler sending again the runs whose job was lost, for a fact the runs table
-- already held. This index holds only the active runs, in queue order, so the read costs the runs in flight and
-- waiting, not the table; a run leaves it as it ends.
CREATE INDEX runs_claimable ON runs (created_at, id) WHERE status IN ('queued', 'running');
