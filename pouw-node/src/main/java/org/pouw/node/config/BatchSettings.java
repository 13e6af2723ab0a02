package org.pouw.node.config;

/**
 * How a {@code zk_mode = "stark"} node batches {@code full} intents (issue 22 §3): a batch takes the oldest waiting
 * intents while their steps add up to at most {@code stepBudget} and they number at most {@code maxIntents}; it is
 * formed as soon as it is full (the next intent would not fit) or once its oldest intent has waited
 * {@code maxWaitMs}. A full intent's {@code max_steps} may not exceed the budget, so every intent fits a batch.
 */
public record BatchSettings(long stepBudget, int maxIntents, long maxWaitMs) {
    public BatchSettings {
        if (stepBudget < 1 || maxIntents < 1 || maxWaitMs < 1) {
            throw new IllegalArgumentException("batch step budget, intent count and wait must be positive");
        }
    }
}
