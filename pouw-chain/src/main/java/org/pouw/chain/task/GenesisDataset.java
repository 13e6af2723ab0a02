package org.pouw.chain.task;

/**
 * A dataset the genesis file names for filler tasks (docs/chain.md §4.3): its id (size and Merkle root) and record
 * shape. Genesis itself is read elsewhere; the filler rule takes the list as it is given.
 */
public record GenesisDataset(DatasetId id, int features, int classes) {
    public GenesisDataset {
        if (id == null) {
            throw new IllegalArgumentException("a genesis dataset needs its id");
        }
        if (features < 1 || classes < 2) {
            throw new IllegalArgumentException("a genesis dataset needs >= 1 feature and >= 2 classes, got "
                    + features + ", " + classes);
        }
    }
}
