-- Issue 21 §4 (docs/gate.md, "Partner management"): the partners an operator registered and each one's token
-- budget, read on every partner token request by every node sharing this database, so a changed budget holds at once.
CREATE TABLE partners (
    partner_id          TEXT NOT NULL PRIMARY KEY,
    tokens_per_interval BIGINT NOT NULL CHECK (tokens_per_interval > 0),
    interval_ms         BIGINT NOT NULL CHECK (interval_ms > 0)
);
