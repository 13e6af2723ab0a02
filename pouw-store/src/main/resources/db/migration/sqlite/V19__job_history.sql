-- Kept in step with ../postgresql/V19 (the history tables; the claim function and the event publication are
-- PostgreSQL's alone: SQLite has one writer, whose claims cost no round trips and whose event counter no one waits
-- for).

-- Issue 26, item 3: finished jobs and their attempts move out of the hot tables. The claim, the settlement and the
-- reaper read and write jobs and attempts; the rows of long-finished intents only made those tables, their indexes
-- and their vacuums grow with the whole history, so the cost of a job grew with the work done before it. The
-- reaper moves a job here once its intent is finished (proven or expired), none of the intent's jobs can change
-- again (no job pending, in progress or dead-lettered) and it was created more than market.history_after_ms ago;
-- reads of one job and its attempts look here when the hot table no longer has it. Rows older than
-- market.history_retention_ms are deleted (0 keeps them).
CREATE TABLE jobs_history (
    job_id              TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    tier                TEXT NOT NULL,
    status              TEXT NOT NULL,
    intent_id           TEXT NOT NULL,
    trace_hash          TEXT NOT NULL,
    trace_ref           TEXT NOT NULL,
    params              TEXT NOT NULL,
    requester           TEXT NOT NULL,
    fee_budget          BIGINT NOT NULL,
    reward_budget       BIGINT NOT NULL,
    created_at_ms       BIGINT NOT NULL,
    created_seq         BIGINT NOT NULL,
    lease_holder        TEXT NOT NULL,
    lease_token         TEXT NOT NULL,
    lease_expires_at_ms BIGINT NOT NULL,
    deadline_ms         BIGINT NOT NULL,
    max_retries         INTEGER NOT NULL,
    attempts            INTEGER NOT NULL,
    completed_at_ms     BIGINT NOT NULL,
    result_ref          TEXT NOT NULL,
    last_error          TEXT NOT NULL,
    commitment          TEXT NOT NULL,
    challenge           TEXT NOT NULL,
    result_info         TEXT NOT NULL,
    archived_at_ms      BIGINT NOT NULL
);
-- Retention deletes the oldest first.
CREATE INDEX jobs_history_by_age ON jobs_history (created_at_ms);

CREATE TABLE attempts_history (
    attempt_id    BIGINT PRIMARY KEY,
    job_id        TEXT NOT NULL,
    attempt_no    INTEGER NOT NULL,
    prover_id     TEXT NOT NULL,
    started_at_ms BIGINT NOT NULL,
    ended_at_ms   BIGINT NOT NULL,
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX attempts_history_by_job ON attempts_history (job_id, attempt_no);
