-- The peer-to-peer layer's memory (issue 20 §4, §6; docs/p2p.md §10): bans, known addresses, the address manager's
-- tables and secret bucket key, and the anchors, so a restarted node keeps them. Times are epoch milliseconds of the
-- node's own clock, 0 for "never".
CREATE TABLE p2p_bans (
    subject  TEXT    NOT NULL PRIMARY KEY,
    until_ms INTEGER NOT NULL,
    reason   TEXT    NOT NULL
);

CREATE TABLE p2p_known_addresses (
    host         TEXT    NOT NULL,
    port         INTEGER NOT NULL,
    peer_id      TEXT    NOT NULL,
    last_seen_ms INTEGER NOT NULL,
    PRIMARY KEY (host, port)
);

-- One row per address manager entry; tried = 1 for the tried table. The bucket of an entry is not stored: it is a
-- keyed hash of its fields, recomputed at start from the key below.
CREATE TABLE p2p_address_table (
    host            TEXT    NOT NULL,
    port            INTEGER NOT NULL,
    peer_id         TEXT    NOT NULL,
    source_group    TEXT    NOT NULL,
    tried           INTEGER NOT NULL CHECK (tried IN (0, 1)),
    last_seen_ms    INTEGER NOT NULL,
    last_try_ms     INTEGER NOT NULL,
    last_success_ms INTEGER NOT NULL,
    attempts        INTEGER NOT NULL CHECK (attempts >= 0),
    signed_at       INTEGER NOT NULL,
    signature       TEXT    NOT NULL,
    PRIMARY KEY (host, port)
);

-- The address manager's secret key, written once.
CREATE TABLE p2p_bucket_key (
    id      INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    key_hex TEXT    NOT NULL
);

-- The block-relay-only peers to dial first after a restart, in order.
CREATE TABLE p2p_anchors (
    position     INTEGER NOT NULL PRIMARY KEY,
    host         TEXT    NOT NULL,
    port         INTEGER NOT NULL,
    peer_id      TEXT    NOT NULL,
    last_seen_ms INTEGER NOT NULL
);
