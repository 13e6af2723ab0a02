package org.pouw.chain.tx;

import java.util.ArrayList;
import java.util.List;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A miner's answer to the audit of its block at {@code auditedHeight} (docs/chain.md §5.2): the challenge seed it
 * answers and one {@link OpenedWindow} per challenged window, in the challenge's order. Only the audited miner may
 * send it; validators replay every window's steps and check each leaf against the block's segment root. Naming the
 * seed makes an opening of a challenge that a reorg replaced a refusal (nothing changes), never a failed opening.
 *
 * <p>Encoding: {@code auditedHeight i64 ‖ challenge seed[32] ‖ windows u32 ‖ window*}. The whole transaction is bounded by
 * {@link #MAX_BYTES} (B_audit, §6), the most audit data one block may carry.
 */
public record AuditOpen(long auditedHeight, Bytes32 challenge, List<OpenedWindow> windows) implements TxBody {
    /** B_audit (docs/chain.md §6): audit bytes a block may carry; one opening never exceeds it. */
    public static final int MAX_BYTES = 8 << 20;
    /** k_w windows plus the two fixed steps; merged windows are fewer. */
    public static final int MAX_WINDOWS = 64;
    /** Tickets a step may claim, as the header bounds them (decoding only; the replay checks the count). */
    private static final int MAX_TICKETS = 1 << 20;

    public AuditOpen {
        if (auditedHeight < 1) {
            throw new IllegalArgumentException("audited height must be >= 1, got " + auditedHeight);
        }
        if (challenge == null) {
            throw new IllegalArgumentException("an opening names the challenge it answers");
        }
        if (windows == null || windows.isEmpty() || windows.size() > MAX_WINDOWS) {
            throw new IllegalArgumentException("an opening has 1 to " + MAX_WINDOWS + " windows");
        }
        windows = List.copyOf(windows);
    }

    @Override
    public TxKind kind() {
        return TxKind.AUDIT_OPEN;
    }

    /** Steps the opening makes every validator replay (k_b counts them per block, §3.4). */
    public int steps() {
        return windows.stream().mapToInt(OpenedWindow::steps).sum();
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.i64(auditedHeight).bytes32(challenge).i32(windows.size());
        for (OpenedWindow window : windows) {
            window.writeTo(out);
        }
    }

    static AuditOpen read(CanonicalReader in) {
        long height = in.i64InRange("audited height", 1, Long.MAX_VALUE);
        Bytes32 challenge = in.bytes32("challenge");
        int count = in.count("windows", MAX_WINDOWS, 8);
        if (count == 0) {
            throw new EncodingException("windows: an opening has at least one window");
        }
        List<OpenedWindow> windows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            windows.add(OpenedWindow.read(in, MAX_BYTES, MAX_TICKETS));
        }
        return new AuditOpen(height, challenge, windows);
    }
}
