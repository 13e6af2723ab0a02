package org.pouw.pool.stratum;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * extranonce1 for each connection: a process id ‖ a counter (issue 23 §2), 4 bytes each. The process id is drawn at
 * random when the pool starts, so two pool processes — on one host or several, sharing a ledger or not — do not
 * hand out the same extranonce1 (barring a 1 in 2^32 draw, and then the coinbase still names each connection's own
 * miner, and a header counted once is counted once everywhere). Never reused within a process.
 */
final class Extranonces {
    static final int EXTRANONCE1_BYTES = 8;
    static final int EXTRANONCE2_BYTES = 4;

    private final byte[] processId = new byte[4];
    private final AtomicInteger counter = new AtomicInteger();

    Extranonces() {
        new SecureRandom().nextBytes(processId);
    }

    byte[] next() {
        int n = counter.getAndIncrement();
        if (n == -1) {
            throw new IllegalStateException("this pool process handed out 2^32 extranonce1 values; restart it");
        }
        return new byte[] {processId[0], processId[1], processId[2], processId[3], (byte) (n >>> 24),
                (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    String processIdHex() {
        return HexFormat.of().formatHex(processId);
    }
}
