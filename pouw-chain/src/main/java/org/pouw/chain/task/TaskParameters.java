package org.pouw.chain.task;

import java.util.List;

/**
 * The consensus constants of tasks (docs/chain.md §4, §6, where each has its reason).
 *
 * @param ticketPriceNumerator   p_t = numerator / denominator base units per ticket of expected work
 * @param ticketPriceDenominator see above; a fraction so a ticket can cost less than one base unit
 * @param sgdLearningRate        admitted learning rates of SGD with momentum, [min, max]
 * @param adamLearningRate       admitted learning rates of Adam, [min, max]
 * @param maxBatch               B_max
 * @param recordsPerBatch        c_n: a task needs n ≥ c_n·B records
 * @param maxMultiplyAdds        C_mac: the counted multiply-adds one step may replay (measured in §3.4)
 * @param maxStateWords          C_words: the training state's words (parameters and optimiser slots), which the
 *                               replay hashes and scans (measured in §3.4)
 * @param maxMathCalls           C_math: the {@code StrictMath} calls one step may replay ({@link StepMathBound},
 *                               measured in §3.4)
 * @param minWindow              W_min: blocks from one deadline to the next, and from posting to the commit deadline
 *                               at least one assignment epoch
 * @param maxLifetime            L_max: blocks from posting to the commit deadline, at most
 * @param minersPerTask          M_task: miners one epoch assigns to a task
 * @param epochLength            E_a: blocks an assignment holds
 * @param fillerDemandBlocks     Φ: below this many blocks' worth of paid budget, filler tasks share the draw
 * @param rankWeights            w_1 > w_2 > …: the settlement's split by rank; ranks past the list get its last weight
 */
public record TaskParameters(long ticketPriceNumerator, long ticketPriceDenominator, Range sgdLearningRate,
                             Range adamLearningRate, int maxBatch, int recordsPerBatch, long maxMultiplyAdds,
                             long maxStateWords, long maxMathCalls, long minWindow, long maxLifetime, int minersPerTask,
                             long epochLength, long fillerDemandBlocks, List<Long> rankWeights) {
    /** C_math's default: what §3.4's measurement leaves of the products' half of V_max, rounded down. */
    public static final long DEFAULT_MAX_MATH_CALLS = 150_000;
    public static final TaskParameters DEFAULTS = new TaskParameters(1, 1_000, new Range(1e-4, 1.0),
            new Range(1e-5, 0.05), 512, 10, 10_000_000, 400_000, DEFAULT_MAX_MATH_CALLS, 20, 100_000, 8, 60, 60,
            List.of(40L, 20L, 12L, 10L, 8L, 5L, 3L, 2L));

    /** A closed interval of admitted values. */
    public record Range(double min, double max) {
        public Range {
            if (!(min > 0) || !(max >= min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("a range needs 0 < min <= max, got [" + min + ", " + max + "]");
            }
        }

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }

    public TaskParameters {
        if (ticketPriceNumerator < 1 || ticketPriceDenominator < 1) {
            throw new IllegalArgumentException("the ticket price must be a positive fraction, got "
                    + ticketPriceNumerator + "/" + ticketPriceDenominator);
        }
        if (sgdLearningRate == null || adamLearningRate == null) {
            throw new IllegalArgumentException("learning-rate ranges must be set");
        }
        if (maxBatch < 1 || recordsPerBatch < 1 || maxMultiplyAdds < 1 || maxStateWords < 1 || maxMathCalls < 1
                || minWindow < 1 || maxLifetime < 1 || minersPerTask < 1 || epochLength < 1 || fillerDemandBlocks < 0) {
            throw new IllegalArgumentException("task bounds must be >= 1 (filler demand >= 0)");
        }
        rankWeights = List.copyOf(rankWeights);
        if (rankWeights.isEmpty()) {
            throw new IllegalArgumentException("rank weights must not be empty");
        }
        for (int i = 0; i < rankWeights.size(); i++) {
            if (rankWeights.get(i) < 1 || (i > 0 && rankWeights.get(i) > rankWeights.get(i - 1))) {
                throw new IllegalArgumentException("rank weights must be >= 1 and not increasing, got "
                        + rankWeights);
            }
        }
    }

    /** The same with the default C_math ({@link #DEFAULT_MAX_MATH_CALLS}), for chains that do not set it apart. */
    public TaskParameters(long ticketPriceNumerator, long ticketPriceDenominator, Range sgdLearningRate,
                          Range adamLearningRate, int maxBatch, int recordsPerBatch, long maxMultiplyAdds,
                          long maxStateWords, long minWindow, long maxLifetime, int minersPerTask, long epochLength,
                          long fillerDemandBlocks, List<Long> rankWeights) {
        this(ticketPriceNumerator, ticketPriceDenominator, sgdLearningRate, adamLearningRate, maxBatch,
                recordsPerBatch, maxMultiplyAdds, maxStateWords, DEFAULT_MAX_MATH_CALLS, minWindow, maxLifetime,
                minersPerTask, epochLength, fillerDemandBlocks, rankWeights);
    }

    /** The weight of rank {@code rank} (0 is the best). */
    public long rankWeight(int rank) {
        return rankWeights.get(Math.min(rank, rankWeights.size() - 1));
    }
}
