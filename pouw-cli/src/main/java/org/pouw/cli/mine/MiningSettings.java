package org.pouw.cli.mine;

/**
 * How a miner paces itself. Checked once, naming the setting.
 *
 * @param threads            training and replay threads (a {@code ThreadTeam}); steps are sequential, so this splits
 *                           one step's matrix products, which pays off for MNIST-sized layers
 * @param pollMs             how often the node's branch is pulled while training
 * @param stepsPerTurn       training steps between two looks at the chain (a new tip makes the steps key to it)
 * @param commitMarginBlocks how many blocks before a paid task's commit deadline the final model is committed
 * @param progressEveryMs    how often the progress line is refreshed
 * @param maxStepsPerSecond  0 for as fast as it can; else a cap (the demo's, so a newcomer can follow the blocks)
 */
public record MiningSettings(int threads, long pollMs, int stepsPerTurn, long commitMarginBlocks,
                             long progressEveryMs, double maxStepsPerSecond) {
    public static final MiningSettings DEFAULTS = new MiningSettings(1, 500, 4, 6, 1_000, 0);

    public MiningSettings {
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
        }
        if (pollMs < 10) {
            throw new IllegalArgumentException("poll_ms must be >= 10, got " + pollMs);
        }
        if (stepsPerTurn < 1) {
            throw new IllegalArgumentException("steps_per_turn must be >= 1, got " + stepsPerTurn);
        }
        if (commitMarginBlocks < 1) {
            throw new IllegalArgumentException("commit_margin_blocks must be >= 1, got " + commitMarginBlocks);
        }
        if (progressEveryMs < 1) {
            throw new IllegalArgumentException("progress_every_ms must be >= 1, got " + progressEveryMs);
        }
        if (!(maxStepsPerSecond >= 0) || Double.isInfinite(maxStepsPerSecond)) {
            throw new IllegalArgumentException("max_steps_per_second must be >= 0 and finite, got "
                    + maxStepsPerSecond);
        }
    }

    public MiningSettings withThreads(int value) {
        return new MiningSettings(value, pollMs, stepsPerTurn, commitMarginBlocks, progressEveryMs,
                maxStepsPerSecond);
    }

    public MiningSettings withPollMs(long value) {
        return new MiningSettings(threads, value, stepsPerTurn, commitMarginBlocks, progressEveryMs,
                maxStepsPerSecond);
    }

    public MiningSettings withCommitMarginBlocks(long value) {
        return new MiningSettings(threads, pollMs, stepsPerTurn, value, progressEveryMs, maxStepsPerSecond);
    }

    public MiningSettings withMaxStepsPerSecond(double value) {
        return new MiningSettings(threads, pollMs, stepsPerTurn, commitMarginBlocks, progressEveryMs, value);
    }
}
