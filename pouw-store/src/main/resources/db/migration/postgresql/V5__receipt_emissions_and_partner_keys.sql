-- Issue 21 §3, §4 (docs/gate.md §8 and §10): the gate's durable state beside the ledger, in the same database.

-- What receipts paid per emission interval (aligned to the epoch), counted by one conditional upsert in the same
-- transaction as the redemption and the ledger entry, so the cap holds across every node sharing this database.
CREATE TABLE receipt_emissions (
    interval_start_ms BIGINT NOT NULL PRIMARY KEY,
    emitted           BIGINT NOT NULL CHECK (emitted > 0)
);

-- Partner API keys: only the visible prefix and the SHA-256 of the whole key (64 lower-case hex digits), never the
-- key. Revoked keys stay, so they stay refused.
CREATE TABLE partner_keys (
    prefix     TEXT    NOT NULL PRIMARY KEY,
    partner_id TEXT    NOT NULL,
    key_sha256 TEXT    NOT NULL CHECK (length(key_sha256) = 64),
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

-- Partners' request-signing keys (did:key), revoked ones kept like API keys.
CREATE TABLE partner_signing_keys (
    did        TEXT    NOT NULL PRIMARY KEY,
    partner_id TEXT    NOT NULL,
    revoked    INTEGER NOT NULL DEFAULT 0 CHECK (revoked IN (0, 1))
);

-- How many unrevoked keys of each sort ('api', 'signing') a partner has: the row an add increments only below two
-- (a conditional upsert), so two concurrent adds can not both take the last slot, on any node.
CREATE TABLE partner_active_keys (
    partner_id TEXT    NOT NULL,
    key_sort   TEXT    NOT NULL CHECK (key_sort IN ('api', 'signing')),
    active     INTEGER NOT NULL CHECK (active BETWEEN 0 AND 2),
    PRIMARY KEY (partner_id, key_sort)
);

-- Tokens a partner took per budget interval; a take increments only below the limit. Pruned by keep_until_ms.
CREATE TABLE partner_budgets (
    partner_id        TEXT NOT NULL,
    interval_start_ms BIGINT NOT NULL,
    taken             BIGINT NOT NULL CHECK (taken > 0),
    keep_until_ms     BIGINT NOT NULL,
    PRIMARY KEY (partner_id, interval_start_ms)
);
CREATE INDEX partner_budgets_by_keep_until ON partner_budgets (keep_until_ms);
