package org.pouw.chain.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pouw.crypto.Blake3;
import org.pouw.ml.hash.HashStream;
import org.pouw.ml.wire.Bytes32;

/**
 * Which steps of a segment an audit opens (docs/chain.md §5.2). The seed is
 * {@code BLAKE3("pouw-chain-audit-v1" ‖ chain id ‖ hash(b) ‖ ticket(b + c))}: the audited block's hash, which the miner
 * fixed, and the winning ticket of the block c later, which nobody knew when the segment was committed. From the seed's
 * {@link HashStream} come k_w window starts, each uniform on {@code [0, n − w']} with {@code w' = min(w, n)}; the
 * segment's first leaf and the leaf before the winner (the naive splice points) join as windows of one step. Windows
 * that overlap are merged, and the list is sorted by start: an opening answers them in that order.
 *
 * <p>The winner itself (leaf n − 1) is not among them: every validator replayed it inside the block.
 */
public final class SegmentChallenge {
    private static final byte[] DOMAIN = "pouw-chain-audit-v1".getBytes(StandardCharsets.US_ASCII);

    private SegmentChallenge() {
    }

    public static Bytes32 seed(Bytes32 chainId, Bytes32 auditedBlock, Bytes32 challengeTicket) {
        return Bytes32.of(Blake3.hash(DOMAIN, chainId.toArray(), auditedBlock.toArray(), challengeTicket.toArray()));
    }

    /** The windows a segment of {@code length} leaves opens under {@code seed}. */
    public static List<AuditWindow> windows(Bytes32 seed, int length, AuditParameters parameters) {
        if (length < 1) {
            throw new IllegalArgumentException("segment length must be >= 1, got " + length);
        }
        List<AuditWindow> drawn = new ArrayList<>();
        if (length == 1) {
            return drawn;       // the only leaf is the winner, replayed in the block
        }
        // The winner (the last leaf) is replayed with the block, so windows lie within the leaves before it.
        int audited = length - 1;
        int width = Math.min(parameters.width(), audited);
        HashStream stream = new HashStream(seed);
        for (int i = 0; i < parameters.windows(); i++) {
            drawn.add(new AuditWindow((int) stream.below(audited - width + 1L), width));
        }
        drawn.add(new AuditWindow(0, 1));
        drawn.add(new AuditWindow(audited - 1, 1));
        drawn.sort(Comparator.comparingInt(AuditWindow::start).thenComparingInt(AuditWindow::width));
        List<AuditWindow> merged = new ArrayList<>();
        for (AuditWindow window : drawn) {
            AuditWindow last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && window.start() < last.end()) {
                merged.set(merged.size() - 1, new AuditWindow(last.start(),
                        Math.max(last.end(), window.end()) - last.start()));
            } else {
                merged.add(window);
            }
        }
        return List.copyOf(merged);
    }
}
