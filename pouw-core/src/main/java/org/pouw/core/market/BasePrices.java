package org.pouw.core.market;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The base price of work per kind, in base units per 1,000 steps (issue 27, item 1; docs/economics.md). The base part
 * of an intent's fee is charged when the intent is posted and kept by the node ({@code sys:market:base}), not
 * reserved for a prover and never refunded, as EIP-1559 burns its base fee: a client who floods the queue with work
 * it lets expire pays for every step of it. Steps are the node's own count from running the intent (VM steps, hash
 * steps, training steps), never the client's estimate. A kind with no price has a base price of 0.
 *
 * <p>Integer arithmetic only: {@code base = ceil(steps × price / 1000)}, so every node charges the same amount, and
 * one step of priced work is never free.
 */
public record BasePrices(Map<String, Long> perThousandSteps) {
    public static final BasePrices NONE = new BasePrices(Map.of());

    public BasePrices {
        TreeMap<String, Long> copy = new TreeMap<>();
        perThousandSteps.forEach((kind, price) -> {
            if (price == null || price < 0) {
                throw new IllegalArgumentException("base_price." + kind + " must be >= 0, got " + price);
            }
            if (price > 0) { // 0 and no price mean the same: kept out so equal prices compare equal
                copy.put(kind, price);
            }
        });
        perThousandSteps = Collections.unmodifiableMap(copy);
    }

    /** The price of 1,000 steps of {@code kind}, in base units. */
    public long perThousandSteps(String kind) {
        return perThousandSteps.getOrDefault(kind, 0L);
    }

    /**
     * The base fee of {@code steps} steps of {@code kind}; {@link Long#MAX_VALUE} when it overflows, which no fee
     * covers.
     */
    public long baseFee(String kind, long steps) {
        return feeAt(perThousandSteps(kind), steps);
    }

    /**
     * The base fee of {@code steps} steps at {@code perThousandSteps}; {@link Long#MAX_VALUE} when it overflows,
     * which no fee covers.
     */
    public static long feeAt(long perThousandSteps, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        try {
            return Math.ceilDiv(Math.multiplyExact(steps, perThousandSteps), 1000L);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
