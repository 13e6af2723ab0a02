-- The chain's validated blocks and the tip the node follows (pouw-chain's ChainStore port, docs/chain.md).
CREATE TABLE chain_blocks (
    block_hash  BYTEA  NOT NULL PRIMARY KEY,
    parent_hash BYTEA  NOT NULL,
    height      BIGINT NOT NULL,
    body        BYTEA  NOT NULL
);
CREATE INDEX chain_blocks_by_height ON chain_blocks (height, block_hash);

CREATE TABLE chain_tip (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    block_hash BYTEA   NOT NULL
);
