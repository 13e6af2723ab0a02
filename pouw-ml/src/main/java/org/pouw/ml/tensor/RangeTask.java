package org.pouw.ml.tensor;

/** Work over the index range [from, to) — rows of an output, samples of a batch, chunks of a hash. */
@FunctionalInterface
public interface RangeTask {
    void run(int from, int to);
}
