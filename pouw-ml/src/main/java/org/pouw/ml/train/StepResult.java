package org.pouw.ml.train;

/** What one training step did: its index, the mean mini-batch loss before the update, the records it used. */
public record StepResult(long step, double loss, int[] batch) {
    public StepResult {
        batch = batch.clone();
    }

    @Override
    public int[] batch() {
        return batch.clone();
    }
}
