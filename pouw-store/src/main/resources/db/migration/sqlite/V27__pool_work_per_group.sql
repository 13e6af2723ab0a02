-- The mining pool's accounting summed once per group commit (issue 23 §4 and Performance; docs/pool.md §5b, §10):
-- pool_shares keeps one row per header hash (what makes a share count once) but no longer an index per miner, which
-- cost two more B-tree inserts for every share. The work per miner per challenge and over a sliding window is kept
-- here instead, summed per second of acceptance: a group of shares adds one row (or adds to it) per miner, challenge
-- and second, not one per share. keep_until_ms is the challenge's expiry, after which the rows are pruned.
CREATE TABLE pool_work (
    miner          TEXT    NOT NULL,
    challenge_id   TEXT    NOT NULL,
    accepted_s     INTEGER NOT NULL,
    shares         INTEGER NOT NULL,
    credited       INTEGER NOT NULL,
    keep_until_ms  INTEGER NOT NULL,
    PRIMARY KEY (miner, challenge_id, accepted_s)
);
CREATE INDEX pool_work_by_miner_time ON pool_work (miner, accepted_s);
CREATE INDEX pool_work_by_keep_until ON pool_work (keep_until_ms);
INSERT INTO pool_work (miner, challenge_id, accepted_s, shares, credited, keep_until_ms)
SELECT miner, challenge_id, accepted_at_ms / 1000, COUNT(*), SUM(credited), MAX(keep_until_ms)
FROM pool_shares GROUP BY miner, challenge_id, accepted_at_ms / 1000;
DROP INDEX pool_shares_by_miner_challenge;
DROP INDEX pool_shares_by_miner_time;
