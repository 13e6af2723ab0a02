-- Datasets a node serves to the chain's miners, by the id tasks name them with (BLAKE3 of size and Merkle root,
-- docs/chain.md §4.2); the records themselves are a blob (their PMLD encoding) in the blob store.
CREATE TABLE chain_datasets (
    dataset_id BYTEA NOT NULL PRIMARY KEY,
    blob_key   TEXT  NOT NULL
);
