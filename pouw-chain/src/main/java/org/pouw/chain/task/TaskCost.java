package org.pouw.chain.task;

import java.math.BigInteger;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.Tickets;

/**
 * What a block mined on a task takes from its budget (docs/chain.md §4.1): the block's expected work in tickets,
 * {@code W = ⌊2^256 / (target + 1)⌋} (the same count fork choice adds up), times the ticket price p_t = num / den,
 * rounded <em>up</em>: {@code cost = ⌈W · num / den⌉}. Exact integers throughout; rounding up means a block never
 * costs less than its work's price, and any block at all costs at least one base unit, so no task is mined for free.
 * The price in tickets follows difficulty: when the network's compute doubles, W doubles and so does the cost.
 */
public final class TaskCost {
    private TaskCost() {
    }

    public static BigInteger ofBits(int bits, TaskParameters parameters) {
        return of(CompactTarget.decode(bits), parameters);
    }

    public static BigInteger of(BigInteger target, TaskParameters parameters) {
        BigInteger work = Tickets.expectedTickets(target);
        BigInteger[] quotient = work.multiply(BigInteger.valueOf(parameters.ticketPriceNumerator()))
                .divideAndRemainder(BigInteger.valueOf(parameters.ticketPriceDenominator()));
        return quotient[1].signum() == 0 ? quotient[0] : quotient[0].add(BigInteger.ONE);
    }
}
