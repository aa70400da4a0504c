-- A drive that stops on an error (the object store refuses a write, the database drops the connection, a bug)
-- hands its run back to be resumed. Handed back at once, the same error met again at once made a loop: every
-- worker slot claiming, failing and handing back the same run, each claim an audit event, and the runs of every
-- tenant waiting behind it. Now the run waits: `resume_after` is when it may be claimed again, doubling with each
-- drive in a row that stopped on an error (`failed_drives`), up to a bound.
ALTER TABLE runs ADD COLUMN resume_after timestamptz;
ALTER TABLE runs ADD COLUMN failed_drives integer NOT NULL DEFAULT 0;
