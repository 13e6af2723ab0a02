-- The mining pool's accepted shares (issue 23 §4; pouw-core's PoolShareLedger port, docs/pool.md §5b): one row per
-- header hash, so a share is counted once across every pool process on this database and across restarts. Credit is
-- the difficulty the share was accepted at (pay per share). Rows live until their challenge expires.
CREATE TABLE pool_shares (
    share_hash     TEXT    NOT NULL PRIMARY KEY,
    pool           TEXT    NOT NULL,
    miner          TEXT    NOT NULL,
    challenge_id   TEXT    NOT NULL,
    credited       BIGINT  NOT NULL,
    accepted_at_ms BIGINT  NOT NULL,
    keep_until_ms  BIGINT  NOT NULL
);
CREATE INDEX pool_shares_by_miner_challenge ON pool_shares (miner, challenge_id);
CREATE INDEX pool_shares_by_miner_time ON pool_shares (miner, accepted_at_ms);
CREATE INDEX pool_shares_by_keep_until ON pool_shares (keep_until_ms);
