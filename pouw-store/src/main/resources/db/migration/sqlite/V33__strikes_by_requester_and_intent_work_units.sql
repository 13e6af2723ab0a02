-- Issue 27, item 4: a strike is bounded per requester until its job is done (docs/economics.md, "Strikes bounded per
-- requester until the job is done"). Each strike names the requester of the job it was collected on and whether
-- that job has since been completed (by anyone). Until then at most market.strikes_per_requester of a prover's
-- (or an address prefix's) strikes on one requester's jobs count towards its budget, so no requester alone can
-- strike an honest prover out with work nobody can do; once the job is completed the strike counts in full.
-- Strikes recorded before this migration keep counting as they did: confirmed.
ALTER TABLE prover_strikes ADD COLUMN requester TEXT NOT NULL DEFAULT '';
ALTER TABLE prover_strikes ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 1;
-- The completing transaction confirms a job's strikes by job id; only unconfirmed ones are looked for.
CREATE INDEX prover_strikes_unconfirmed_by_job ON prover_strikes (job_id) WHERE confirmed = 0;

-- Issue 27, item 1: what an intent costs in its kind's work units (docs/economics.md, "Work units"): VM steps,
-- trace rows for a proven program, multiply-adds with a per-step floor for training. The base fee is priced on it
-- and the demand price's queue and a requester's open work are counted in it. Intents posted before count their steps.
ALTER TABLE intents ADD COLUMN work_units BIGINT NOT NULL DEFAULT 0;
UPDATE intents SET work_units = steps;
