-- The fence of a run's lease: each transition a worker writes (a call started or ended, a step failed, the run
-- ended) calls it in the same statement, so a drive whose lease lapsed and was taken over cannot write over the
-- drive that holds it now. A worker paused past its lease (a stop-the-world pause, a frozen VM) finds out here,
-- at its next write, not only at its next heartbeat. FOR SHARE: a claim (FOR UPDATE) in between waits for the
-- write to commit, and a write after a claim sees the new owner. It answers the run's cancel flag, as read at
-- that moment, so the drive learns of a cancel request from its own writes without another read.
CREATE FUNCTION run_lease_fence(run uuid, owner text) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
  cancel boolean;
BEGIN
  SELECT cancel_requested INTO cancel FROM runs WHERE id = run AND lease_owner = owner FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'run % is not leased to %', run, owner USING ERRCODE = 'WRL01';
  END IF;
  RETURN cancel;
END
$$;
