-- The node's schema on SQLite (ARCHITECTURE.md §3, §5, §6). Times are epoch milliseconds, amounts base units.
-- Kept in step with ../postgresql/V1__market_ledger_events_blobs.sql: the same tables, columns and indexes.

-- Named counters: job and intent numbers, ledger and event sequence numbers (dense, in commit order).
-- Small rows keyed by text are stored WITHOUT ROWID: one B-tree instead of a table plus a key index, so each
-- change dirties one page fewer in the write-ahead log.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE intents (
    intent_id     TEXT PRIMARY KEY,
    requester     TEXT NOT NULL,
    program_ref   TEXT NOT NULL,
    inputs        TEXT NOT NULL,
    max_steps     INTEGER NOT NULL,
    tier          TEXT NOT NULL,
    fee           INTEGER NOT NULL,
    status        TEXT NOT NULL,
    output        TEXT NOT NULL,
    steps         INTEGER NOT NULL,
    trace_hash    TEXT NOT NULL,
    trace_ref     TEXT NOT NULL,
    job_ids       TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    ledger_seq    INTEGER NOT NULL
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
    fee_budget          INTEGER NOT NULL,
    reward_budget       INTEGER NOT NULL,
    created_at_ms       INTEGER NOT NULL,
    created_seq         INTEGER NOT NULL UNIQUE,
    lease_holder        TEXT NOT NULL,
    lease_token         TEXT NOT NULL,
    lease_expires_at_ms INTEGER NOT NULL,
    deadline_ms         INTEGER NOT NULL,
    max_retries         INTEGER NOT NULL,
    attempts            INTEGER NOT NULL,
    completed_at_ms     INTEGER NOT NULL,
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

-- One row per lease of a job (its history). attempt_no repeats after an operator requeues a dead letter.
CREATE TABLE attempts (
    attempt_id    INTEGER PRIMARY KEY,
    job_id        TEXT NOT NULL REFERENCES jobs (job_id),
    attempt_no    INTEGER NOT NULL,
    prover_id     TEXT NOT NULL,
    started_at_ms INTEGER NOT NULL,
    ended_at_ms   INTEGER NOT NULL,
    outcome       TEXT NOT NULL,
    reason        TEXT NOT NULL
);
CREATE INDEX attempts_by_job ON attempts (job_id, attempt_no);

CREATE TABLE provers (
    prover_id           TEXT PRIMARY KEY,
    registered_at_ms    INTEGER NOT NULL,
    last_seen_ms        INTEGER NOT NULL,
    jobs_completed      INTEGER NOT NULL DEFAULT 0,
    jobs_failed         INTEGER NOT NULL DEFAULT 0,
    total_fee_earned    INTEGER NOT NULL DEFAULT 0,
    -- summed over completed jobs; the average is this over jobs_completed
    total_completion_ms INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- The hash-chained ledger: hash = BLAKE3(prev_hash || canonical body), see LedgerEntry.
CREATE TABLE ledger_entries (
    seq       INTEGER PRIMARY KEY,
    kind      TEXT NOT NULL,
    entry_key TEXT NOT NULL UNIQUE,
    job_ids   TEXT NOT NULL,
    memo      TEXT NOT NULL,
    at_ms     INTEGER NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TABLE ledger_postings (
    seq      INTEGER NOT NULL REFERENCES ledger_entries (seq),
    position INTEGER NOT NULL,
    account  TEXT NOT NULL,
    amount   INTEGER NOT NULL,
    PRIMARY KEY (seq, position)
) WITHOUT ROWID;
-- An account's statement, newest first.
CREATE INDEX ledger_postings_by_account ON ledger_postings (account, seq);

-- Balances as the postings leave them; the audit replays the entries and compares.
CREATE TABLE accounts (
    account TEXT PRIMARY KEY,
    balance INTEGER NOT NULL
) WITHOUT ROWID;

-- Running totals for /v1/pouw/pool: rewards paid and fees refunded to outside accounts.
CREATE TABLE ledger_totals (
    name   TEXT PRIMARY KEY,
    amount INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    type      TEXT NOT NULL,
    job_id    TEXT NOT NULL,
    intent_id TEXT NOT NULL,
    data      TEXT NOT NULL,
    at_ms     INTEGER NOT NULL
);

-- Content-addressed blobs (traces, programs, proofs): blob_key is the hex BLAKE3 of content.
CREATE TABLE blobs (
    blob_key   TEXT PRIMARY KEY,
    content    BLOB NOT NULL,
    size_bytes INTEGER NOT NULL
);
