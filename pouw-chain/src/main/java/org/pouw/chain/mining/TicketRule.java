package org.pouw.chain.mining;

/**
 * How many tickets a step earns (docs/chain.md §3.2): {@code a_t = min(A_step, ⌊M_t / U⌋)}, where M_t is the forward
 * multiply-adds with both operands non-zero over the batch's distinct records, times 3 for the backward pass (which
 * does the same products against the same weights).
 *
 * @param multiplyAddsPerTicket U
 * @param maxTicketsPerStep     A_step
 */
public record TicketRule(long multiplyAddsPerTicket, int maxTicketsPerStep) {
    /** The backward pass does twice the forward products (input and weight gradients): 1 + 2. */
    public static final int PASSES = 3;

    public TicketRule {
        if (multiplyAddsPerTicket < 1) {
            throw new IllegalArgumentException("multiply-adds per ticket must be >= 1, got " + multiplyAddsPerTicket);
        }
        if (maxTicketsPerStep < 1) {
            throw new IllegalArgumentException("tickets per step must be >= 1, got " + maxTicketsPerStep);
        }
    }

    /** M_t from the forward count. */
    public static long countedMultiplyAdds(long forwardMultiplyAdds) {
        return Math.multiplyExact(forwardMultiplyAdds, PASSES);
    }

    public int tickets(long countedMultiplyAdds) {
        return (int) Math.min(maxTicketsPerStep, countedMultiplyAdds / multiplyAddsPerTicket);
    }
}
