package org.pouw.chain.mining;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * The lottery tickets of a mined step (docs/chain.md §3.2): {@code ticket_j = BLAKE3("pouw-chain-ticket-v1" ‖ chain
 * id ‖ leaf ‖ tip ‖ miner ‖ j u32)} for {@code j < a}. The ticket covers neither transactions nor timestamp, so a
 * block's contents can not be ground for a better one; it names the miner, so nobody can mine on another's ticket.
 */
public final class Tickets {
    private static final byte[] DOMAIN = "pouw-chain-ticket-v1".getBytes(StandardCharsets.US_ASCII);

    private Tickets() {
    }

    public static Bytes32 ticket(Bytes32 chainId, Bytes32 leafHash, Bytes32 tip, Bytes32 miner, int j) {
        if (j < 0) {
            throw new IllegalArgumentException("ticket index must be >= 0, got " + j);
        }
        return Bytes32.of(Blake3.hash(DOMAIN, chainId.toArray(), leafHash.toArray(), tip.toArray(), miner.toArray(),
                ByteBuffer.allocate(4).putInt(j).array()));
    }

    /** Whether {@code ticket}, read as an unsigned big-endian number, is at most {@code target}. */
    public static boolean meets(Bytes32 ticket, BigInteger target) {
        return new BigInteger(1, ticket.toArray()).compareTo(target) <= 0;
    }

    /**
     * The smallest j below the step's ticket count whose ticket meets {@code target}, or −1: a block must use this
     * one, so one step wins at most one block per tip.
     */
    public static int firstWinning(Bytes32 chainId, MinedStep step, Bytes32 miner, BigInteger target) {
        Bytes32 leaf = step.leafHash();
        for (int j = 0; j < step.tickets(); j++) {
            if (meets(ticket(chainId, leaf, step.tip(), miner, j), target)) {
                return j;
            }
        }
        return -1;
    }

    /** The work a block at {@code target} stands for: the expected number of tickets drawn to win it. */
    public static BigInteger expectedTickets(BigInteger target) {
        return BigInteger.ONE.shiftLeft(256).divide(target.add(BigInteger.ONE));
    }
}
