-- Batches of the full tier (issue 22 §3; pouw-core's BatchMember, docs/stark.md "The full tier"): one row per job in
-- a batch, the lead's own row included. The primary key keeps a job (so an intent) in at most one batch at a time;
-- a dissolved batch's rows are deleted after its members took back their fallback kind and params, and members
-- that fell back are no longer waiting, so they never join another batch.
CREATE TABLE job_batches (
    job_id          TEXT NOT NULL PRIMARY KEY REFERENCES jobs (job_id),
    lead_job_id     TEXT NOT NULL,
    fallback_kind   TEXT NOT NULL,
    fallback_params TEXT NOT NULL
);
-- A lead's members, read when its proof settles them and when the batch dissolves.
CREATE INDEX job_batches_by_lead ON job_batches (lead_job_id);
