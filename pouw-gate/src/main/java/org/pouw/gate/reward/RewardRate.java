package org.pouw.gate.reward;

/**
 * What a redeemed hashcash receipt pays, if the operator sets it at all (issue 21 §3: hashcash earns access tokens,
 * not money, unless an operator sets an emission cap for it explicitly). The cap bounds what all nodes together pay
 * per interval, whatever a GPU farm mints: see the cost table in docs/gate.md.
 */
public record RewardRate(long amountPerReceipt, long emissionCapPerInterval, long intervalMs) {
    public RewardRate {
        if (amountPerReceipt <= 0) {
            throw new IllegalArgumentException("receipts.hashcash.amount must be > 0, got " + amountPerReceipt);
        }
        if (emissionCapPerInterval < amountPerReceipt) {
            throw new IllegalArgumentException("receipts.hashcash.emission_cap must be >= amount ("
                    + amountPerReceipt + "), got " + emissionCapPerInterval);
        }
        if (intervalMs <= 0) {
            throw new IllegalArgumentException("receipts.hashcash.interval_ms must be > 0, got " + intervalMs);
        }
    }

    /** Intervals are aligned to the epoch, so every node counts a payment in the same one. */
    public long intervalStart(long nowMs) {
        return nowMs - Math.floorMod(nowMs, intervalMs);
    }
}
