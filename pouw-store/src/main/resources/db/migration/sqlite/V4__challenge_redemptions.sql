-- Challenges redeemed, each once (issue 21 §2, §5; docs/gate.md §8): the key is chal:<challenge id>, inserted in
-- the same transaction as the reward or token it buys; kept until the challenge's expiry plus the clock-skew
-- allowance, then pruned by keep_until_ms.
CREATE TABLE redemptions (
    redemption_key TEXT    NOT NULL PRIMARY KEY,
    keep_until_ms  INTEGER NOT NULL
);
CREATE INDEX redemptions_by_keep_until ON redemptions (keep_until_ms);
