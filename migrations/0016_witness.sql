-- Witnessing, c2sp.org/tlog-witness, both ways.

-- Warrant as a witness: the latest checkpoint it cosigned for each log it witnesses (by origin). A request's old
-- size is checked against `size`, and the row replaced, under one lock per origin.
CREATE TABLE witness_logs (
  origin text PRIMARY KEY,
  size bigint NOT NULL,
  root bytea NOT NULL,
  -- The checkpoint as verified, with this witness's cosignature: what GET /v1/witness/{origin hash}/checkpoint serves.
  note text NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Every checkpoint the witness cosigned, never changed: what it vouched for, and when.
CREATE TABLE witness_cosigned (
  origin text NOT NULL,
  size bigint NOT NULL,
  root bytea NOT NULL,
  cosigned_at timestamptz NOT NULL,
  PRIMARY KEY (origin, size)
);

-- Warrant as a log: the tree size each witness (by key name) last cosigned for a tenant, the old size of the next
-- add-checkpoint. The cosignatures themselves are appended to the checkpoint's note (audit_checkpoints.note).
CREATE TABLE witness_submissions (
  tenant_id uuid NOT NULL,
  witness text NOT NULL,
  size bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, witness)
);
