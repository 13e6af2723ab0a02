-- Issue 25, defect 8 and 9: what the operator set, and leases handed back. Kept in step between the two databases.

-- The node-wide claiming pause: one row while claiming is paused, none otherwise. Every node sharing the database
-- reads it in each claim's transaction.
CREATE TABLE claiming_pause (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    since_ms  BIGINT NOT NULL,
    paused_by TEXT NOT NULL,
    reason    TEXT NOT NULL
);

-- Provers the operator banned: claims and submissions refused until the row is deleted (unban).
CREATE TABLE prover_bans (
    prover_id TEXT PRIMARY KEY,
    since_ms  BIGINT NOT NULL,
    banned_by TEXT NOT NULL,
    reason    TEXT NOT NULL
);

-- Leases handed back by their holders (POST /v1/pouw/jobs/{id}/release), counted against market.release_budget in
-- the strike window and forgotten by the reaper once older than it.
CREATE TABLE lease_releases (
    prover_id      TEXT NOT NULL,
    job_id         TEXT NOT NULL,
    released_at_ms BIGINT NOT NULL
);
CREATE INDEX lease_releases_by_prover ON lease_releases (prover_id, released_at_ms);
CREATE INDEX lease_releases_by_age ON lease_releases (released_at_ms);
