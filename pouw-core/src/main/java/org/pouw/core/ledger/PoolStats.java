package org.pouw.core.ledger;

/**
 * The fee pool (§5 {@code /v1/pouw/pool}): {@code balance} is all the pool holds (reserved plus earned),
 * {@code reserved} what open jobs may still pay out, and the running totals of rewards paid and fees refunded.
 */
public record PoolStats(long balance, long reserved, long totalPaid, long totalRefunded) {
}
