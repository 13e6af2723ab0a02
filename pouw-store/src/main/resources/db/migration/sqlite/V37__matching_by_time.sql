-- Issue 27, item 3: matching by time. A job states how long it takes at the node's slowest assumed speed for its
-- kind (need_ms, 0: not stated), written when it is posted; a prover's row holds its measured pace, in thousandths of
-- that speed (1000: the slowest, every fresh identity's), and when it was last measured. A claim reads the pace with
-- the claimant's other facts (its provers row) and is offered a job only if need_ms * 1000 <= pace * (deadline - now).
ALTER TABLE jobs ADD COLUMN need_ms INTEGER NOT NULL DEFAULT 0;
ALTER TABLE provers ADD COLUMN pace_permille INTEGER NOT NULL DEFAULT 1000;
ALTER TABLE provers ADD COLUMN pace_at_ms INTEGER NOT NULL DEFAULT 0;
