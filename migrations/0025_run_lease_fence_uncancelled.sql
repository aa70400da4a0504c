-- The lease fence of a transition that moves a run on (a step's call started, a step failed before its call)
-- and that also records the previous step's end: the drive keeps a step's end until its next transition and
-- writes both in one statement, so it decided that transition before it could read the cancel flag the end
-- would have answered. This fence refuses the whole statement when a cancel was asked for (WRL02), so the drive
-- records the end alone, hears the cancel and decides again; otherwise it is run_lease_fence (migration 0023).
CREATE FUNCTION run_lease_fence_uncancelled(run uuid, owner text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  IF run_lease_fence(run, owner) THEN
    RAISE EXCEPTION 'a cancel was asked for run %', run USING ERRCODE = 'WRL02';
  END IF;
  RETURN false;
END
$$;
