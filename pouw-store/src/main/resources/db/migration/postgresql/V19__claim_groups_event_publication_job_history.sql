-- Issue 26, item 4: a group of claims served in ONE statement. The node coalesces concurrent claims into a group
-- that shares a transaction (ClaimCoalescer); serving the group's orders one claim statement after another cost a
-- round trip per order while the group's transaction was open, and at 1,000 claims/s the groups fell behind. This
-- function serves the orders in array order, each exactly as the single claim statement does (the best-paying, then
-- earliest-deadline, then oldest pending jobs matching its kinds, tiers and ask, never a job held for a batch,
-- skipping rows another transaction holds, never a job its holder failed twice unless told to offer it again). Each order's UPDATE runs as its own statement inside the function, so it sees
-- the jobs the orders before it took (they are no longer pending): no job goes to two orders, and an earlier order
-- gets the older jobs. The orders arrive as parallel arrays; an order's kinds, tiers and fresh lease tokens are the
-- next kind_counts[i], tier_counts[i] and max_jobs[i] entries of the flat kinds, tiers and tokens arrays (0 kinds or
-- tiers = any). Rows come back as (the job row, the order's 1-based position).
CREATE FUNCTION claim_jobs_for_group(holders TEXT[], lease_expiries BIGINT[], excluded_failers TEXT[],
                                     max_jobs INTEGER[], tokens TEXT[], kind_counts INTEGER[], kinds TEXT[],
                                     tier_counts INTEGER[], tiers TEXT[], now_ms BIGINT, min_rewards BIGINT[])
    RETURNS TABLE (claimed jobs, order_no INTEGER) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    next_token INTEGER := 1;
    next_kind INTEGER := 1;
    next_tier INTEGER := 1;
    order_kinds TEXT[];
    order_tiers TEXT[];
    order_tokens TEXT[];
BEGIN
    FOR i IN 1 .. coalesce(cardinality(holders), 0) LOOP
        order_kinds := CASE WHEN kind_counts[i] = 0 THEN NULL
                            ELSE kinds[next_kind : next_kind + kind_counts[i] - 1] END;
        order_tiers := CASE WHEN tier_counts[i] = 0 THEN NULL
                            ELSE tiers[next_tier : next_tier + tier_counts[i] - 1] END;
        order_tokens := tokens[next_token : next_token + max_jobs[i] - 1];
        next_kind := next_kind + kind_counts[i];
        next_tier := next_tier + tier_counts[i];
        next_token := next_token + max_jobs[i];
        RETURN QUERY
            UPDATE jobs AS j SET status = 'in_progress', lease_holder = holders[i], lease_token = picked.token,
                                 lease_expires_at_ms = lease_expiries[i], attempts = j.attempts + 1
            FROM (SELECT oldest.job_id, fresh.token
                  FROM (SELECT locked.job_id, row_number() OVER (ORDER BY locked.created_seq) AS place
                        FROM (SELECT c.job_id, c.created_seq FROM jobs AS c
                              WHERE c.status = 'pending' AND c.deadline_ms > now_ms
                                AND (order_kinds IS NULL OR c.kind = ANY (order_kinds))
                                AND (order_tiers IS NULL OR c.tier = ANY (order_tiers))
                                AND c.kind <> 'batch-member' -- held for a batch (V17), never claimed alone
                                AND c.reward_budget >= min_rewards[i] -- the worker's ask (V18)
                                AND (SELECT count(*) FROM attempts AS failed
                                     WHERE failed.prover_id = excluded_failers[i] AND failed.job_id = c.job_id
                                       AND failed.outcome IN ('proof_invalid', 'worker_failed', 'lease_expired')) < 2
                              ORDER BY c.reward_budget DESC, c.deadline_ms, c.created_seq LIMIT max_jobs[i]
                              FOR UPDATE SKIP LOCKED) AS locked) AS oldest
                  JOIN unnest(order_tokens) WITH ORDINALITY AS fresh(token, place)
                    ON fresh.place = oldest.place) AS picked
            WHERE j.job_id = picked.job_id
            RETURNING j, i;
    END LOOP;
END
$$;

-- Issue 26: the event counter no longer serializes the market. Until now every write transaction that appended an
-- event took the 'event' counter row's lock and held it through its commit, so on a durable server the market's
-- writers committed one at a time, each waiting for the disk while all others waited for it. Now a transaction
-- appends its events here, unnumbered and without any shared lock, tagged with its transaction id; a publisher
-- (PostgresEventPublisher) then moves them into events, numbering them densely in (transaction id, position)
-- order. It moves only the events of transactions older than the oldest transaction still running
-- (pg_snapshot_xmin): such a transaction has ended, so its events are all visible, and no transaction that could
-- still add events can sort before them. Every number is therefore final when it becomes readable and a reader
-- that follows the log by number never skips a late one. A transaction's events stay consecutive, and one that
-- started after another committed sorts after it (transaction ids are handed out in order), so a job's events keep
-- their causal order. Publishing is serialized by an advisory lock, one short transaction at a time.
CREATE TABLE events_unpublished (
    position  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx        XID8 NOT NULL DEFAULT pg_current_xact_id(),
    type      TEXT NOT NULL,
    job_id    TEXT NOT NULL,
    intent_id TEXT NOT NULL,
    data      TEXT NOT NULL,
    at_ms     BIGINT NOT NULL
);
CREATE INDEX events_unpublished_in_order ON events_unpublished (tx, position);
-- A queue: rows stay for milliseconds; vacuum it after a fixed number of dead rows, not a fraction of a small table.
ALTER TABLE events_unpublished SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000);

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
-- Written once and read rarely: vacuum after 5 % new rows marks their pages all-visible (cheap freezing later).
ALTER TABLE jobs_history SET (autovacuum_vacuum_insert_scale_factor = 0.05);
ALTER TABLE attempts_history SET (autovacuum_vacuum_insert_scale_factor = 0.05);
