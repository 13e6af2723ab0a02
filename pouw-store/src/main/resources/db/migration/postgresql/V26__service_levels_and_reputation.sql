-- Issue 27, item 5: service levels (GET /v1/pouw/market; docs/economics.md, "Service levels") are measured on the
-- jobs completed in a recent window, in the hot table and in the history tables. These indexes hold completed jobs
-- only, by completion time, so reading the window reads the window, not every job the node ever finished. A
-- settlement adds one entry to the hot table's indexes (its status changes anyway); the history's is written when
-- the reaper moves a job.
CREATE INDEX jobs_completed_by_time ON jobs (completed_at_ms) WHERE status = 'completed';
CREATE INDEX jobs_history_completed_by_time ON jobs_history (completed_at_ms) WHERE status = 'completed';

-- Issue 27, item 4: each prover's reputation, its good and bad outcomes in thousandths of a job, each decayed to
-- at_ms (docs/economics.md, "Reputation"). One row per prover, read by its claims (collateral) and changed in the
-- transaction that settles an outcome, under the row's lock.
CREATE TABLE prover_reputation (
    prover_id   TEXT PRIMARY KEY,
    good_milli  BIGINT NOT NULL,
    bad_milli   BIGINT NOT NULL,
    at_ms       BIGINT NOT NULL
);
