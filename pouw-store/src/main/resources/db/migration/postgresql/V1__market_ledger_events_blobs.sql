-- The node's schema on PostgreSQL (ARCHITECTURE.md §3, §5, §6). Times are epoch milliseconds, amounts base units.
-- Kept in step with ../sqlite/V1__market_ledger_events_blobs.sql: the same tables, columns and indexes.

-- Named counters: job and intent numbers, ledger and event sequence numbers (dense, in commit order).
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);

CREATE TABLE intents (
    intent_id     TEXT PRIMARY KEY,
    requester     TEXT NOT NULL,
    program_ref   TEXT NOT NULL,
    inputs        TEXT NOT NULL,
    max_steps     BIGINT NOT NULL,
    tier          TEXT NOT NULL,
    fee           BIGINT NOT NULL,
    status        TEXT NOT NULL,
    output        TEXT NOT NULL,
    steps         BIGINT NOT NULL,
    trace_hash    TEXT NOT NULL,
    trace_ref     TEXT NOT NULL,
    job_ids       TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    ledger_seq    BIGINT NOT NULL
);

CREATE TABLE jobs (
    job_id              TEXT PRIMARY KEY,
    kind                TEXT NOT NULL,
    tier                TEXT NOT NULL CHECK (tier IN ('micro', 'macro', 'full')),
    status              TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed', 'failed',
                                                        'expired', 'dead_letter')),
    intent_id           TEXT NOT NULL,
    trace_hash          TEXT NOT NULL,
    trace_ref           TEXT NOT NULL,
    params              TEXT NOT NULL,
    requester           TEXT NOT NULL,
    fee_budget          BIGINT NOT NULL,
    reward_budget       BIGINT NOT NULL,
    created_at_ms       BIGINT NOT NULL,
    created_seq         BIGINT NOT NULL UNIQUE,
    lease_holder        TEXT NOT NULL,
    lease_token         TEXT NOT NULL,
    lease_expires_at_ms BIGINT NOT NULL,
    deadline_ms         BIGINT NOT NULL,
    max_retries         INTEGER NOT NULL,
    attempts            INTEGER NOT NULL,
    completed_at_ms     BIGINT NOT NULL,
    result_ref          TEXT NOT NULL,
    last_error          TEXT NOT NULL
);
-- Claims take the oldest pending jobs; pages of /jobs/pending and the dead-letter list walk the same order.
CREATE INDEX jobs_by_status_seq ON jobs (status, created_seq);
-- The reaper: leases that ran out, and jobs whose deadline passed. Partial indexes hold only the jobs the reaper
-- can act on (their WHERE matches the reaper's query word for word), so finished jobs, the vast majority, cost
-- nothing here and a job's completion touches fewer pages.
CREATE INDEX jobs_by_status_lease ON jobs (status, lease_expires_at_ms) WHERE status = 'in_progress';
CREATE INDEX jobs_by_status_deadline ON jobs (status, deadline_ms)
    WHERE status IN ('pending', 'in_progress', 'dead_letter');
-- An intent's jobs: is it proven yet?
CREATE INDEX jobs_by_intent ON jobs (intent_id);

-- How many of an intent's jobs are not completed, counted after locking the intent's row: two jobs of one intent
-- completing at once on two nodes would otherwise each count the other as unfinished and leave the intent unproven.
-- A VOLATILE function gives each statement a fresh snapshot, so the count sees every completion that committed
-- while the lock was awaited, and lock and count cost one round trip.
CREATE FUNCTION count_unfinished_locking_intent(wanted TEXT) RETURNS BIGINT LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM 1 FROM intents WHERE intent_id = wanted FOR UPDATE;
    RETURN (SELECT count(*) FROM jobs WHERE intent_id = wanted AND status <> 'completed');
END
$$;

-- One row per lease of a job (its history). attempt_no repeats after an operator requeues a dead letter.
CREATE TABLE attempts (
    attempt_id    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    job_id        TEXT NOT NULL REFERENCES jobs (job_id),
    attempt_no    INTEGER NOT NULL,
    prover_id     TEXT NOT NULL,
    started_at_ms BIGINT NOT NULL,
    ended_at_ms   BIGINT NOT NULL,
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX attempts_by_job ON attempts (job_id, attempt_no);

CREATE TABLE provers (
    prover_id           TEXT PRIMARY KEY,
    registered_at_ms    BIGINT NOT NULL,
    last_seen_ms        BIGINT NOT NULL,
    jobs_completed      BIGINT NOT NULL DEFAULT 0,
    jobs_failed         BIGINT NOT NULL DEFAULT 0,
    total_fee_earned    BIGINT NOT NULL DEFAULT 0,
    -- summed over completed jobs; the average is this over jobs_completed
    total_completion_ms BIGINT NOT NULL DEFAULT 0
);

-- The hash-chained ledger: hash = BLAKE3(prev_hash || canonical body), see LedgerEntry.
CREATE TABLE ledger_entries (
    seq       BIGINT PRIMARY KEY,
    kind      TEXT NOT NULL,
    entry_key TEXT NOT NULL UNIQUE,
    job_ids   TEXT NOT NULL,
    memo      TEXT NOT NULL,
    at_ms     BIGINT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

-- PostgreSQL only: the head of the hash chain (last number and hash), one row. An append locks it until commit,
-- taking the next number and the hash to chain to in one step; the lock keeps numbers dense and the chain unforked
-- across nodes. (SQLite has a single writer and reads both from the last entry.)
CREATE TABLE ledger_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);

CREATE TABLE ledger_postings (
    seq      BIGINT NOT NULL REFERENCES ledger_entries (seq),
    position INTEGER NOT NULL,
    account  TEXT NOT NULL,
    amount   BIGINT NOT NULL,
    PRIMARY KEY (seq, position)
);
-- An account's statement, newest first.
CREATE INDEX ledger_postings_by_account ON ledger_postings (account, seq);

-- Balances as the postings leave them; the audit replays the entries and compares.
CREATE TABLE accounts (
    account TEXT PRIMARY KEY,
    balance BIGINT NOT NULL
);

-- Running totals for /v1/pouw/pool: rewards paid and fees refunded to outside accounts.
CREATE TABLE ledger_totals (
    name   TEXT PRIMARY KEY,
    amount BIGINT NOT NULL
);

CREATE TABLE events (
    seq       BIGINT PRIMARY KEY,
    type      TEXT NOT NULL,
    job_id    TEXT NOT NULL,
    intent_id TEXT NOT NULL,
    data      TEXT NOT NULL,
    at_ms     BIGINT NOT NULL
);

-- Content-addressed blobs (traces, programs, proofs): blob_key is the hex BLAKE3 of content.
CREATE TABLE blobs (
    blob_key   TEXT PRIMARY KEY,
    content    BYTEA NOT NULL,
    size_bytes BIGINT NOT NULL
);
