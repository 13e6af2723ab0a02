-- Issue 27, item 4: a failure by a lease's holder (a lease lapsed, failed or given up, a rejected proof) counts
-- against its reputation only once the job is completed (docs/economics.md, "Failures held until the job is done"):
-- until then it waits here, one row per failed attempt. The transaction that completes the job takes its rows and
-- weighs them; one that ends it without a result (expired, cancelled) deletes them. Written and read only under the
-- job's row lock, by job id; job ids are not foreign keys because finished jobs move to the history tables.
CREATE TABLE pending_failures (
    job_id       TEXT   NOT NULL,
    attempt_no   INTEGER NOT NULL,
    prover_id    TEXT   NOT NULL,
    bad_milli    BIGINT NOT NULL,
    failed_at_ms BIGINT NOT NULL
);
-- Not unique on (job_id, attempt_no): an attempt number is not promised unique across an operator's requeue.
CREATE INDEX pending_failures_by_job ON pending_failures (job_id);

-- Issue 27, item 4: the holder's level when it took the job, and the level whose audit sample its commitment's
-- challenge was drawn under (docs/economics.md, "Levels"), by wire name; '' when levels govern nothing. Written with
-- the attempt row at the claim (no extra statement) and at the commitment; kept when the job moves to history.
ALTER TABLE attempts ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts ADD COLUMN audit_level TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts_history ADD COLUMN level TEXT NOT NULL DEFAULT '';
ALTER TABLE attempts_history ADD COLUMN audit_level TEXT NOT NULL DEFAULT '';
