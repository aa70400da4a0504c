-- Votes count people, not keys. An actor names the person behind it and who created it, each revision of a
-- plan names its author, and each vote the person it counts for.

-- The person an actor acts for (a normalized handle, an OIDC subject); several actors of one person are one voter.
ALTER TABLE actors ADD COLUMN person text;
-- The actor whose key created this one: an actor created by a plan's writer counts as that writer there.
ALTER TABLE actors ADD COLUMN created_by uuid REFERENCES actors (id);
UPDATE actors SET person = CASE WHEN oidc_subject IS NOT NULL THEN 'oidc:' || oidc_subject ELSE lower(btrim(name)) END;
ALTER TABLE actors ALTER COLUMN person SET NOT NULL;
CREATE INDEX actors_person ON actors (tenant_id, person);

-- Who wrote each revision (older revisions: the plan's creator for the first, unknown for the rest).
ALTER TABLE plan_revisions ADD COLUMN author_id uuid REFERENCES actors (id);
UPDATE plan_revisions r SET author_id = p.creator_id FROM plans p WHERE p.id = r.plan_id AND r.revision = 1;

-- The person a vote counts for: one vote per person per revision, whatever key they used.
ALTER TABLE approvals ADD COLUMN voter text;
UPDATE approvals SET voter = 'actor:' || actor_id::text;
ALTER TABLE approvals ALTER COLUMN voter SET NOT NULL;
CREATE UNIQUE INDEX approvals_one_per_person ON approvals (plan_id, revision, voter);
