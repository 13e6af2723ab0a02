package org.pouw.chain.net;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * Which relayed {@code audit_open}s may reach the mempool, whose checks replay every opened window (docs/network.md
 * §4, "Openings"). An opening of up to 8 MiB costs every node it reaches a replay; a valid signature costs its
 * sender nothing. So, before any replay:
 *
 * <ul>
 *   <li>the cheap checks must pass (the caller's {@code precheck}: the signature, a challenged and unopened audit of
 *       the sender at that height answering this branch's challenge, exactly the challenged steps), so openings
 *       for audits that do not exist, of other miners' audits, or of the wrong shape never replay;</li>
 *   <li>one audit (miner, height, challenge) is replayed at most {@value #MAX_REPLAYS_PER_AUDIT} times over all
 *       peers, and not again once an opening of it was taken: an audited miner re-signing variants of its
 *       opening gets no more replays out of the network than that.</li>
 * </ul>
 *
 * <p>A refusal costs the relay nothing: its tip, and so its audits, may differ from this node's. What the relay sends
 * is bounded by its byte budget and the reserved fetch lane. The memory is bounded: the oldest audits are forgotten
 * past {@value #MAX_AUDITS}. Not thread-safe (the node calls it on its sync thread).
 */
public final class OpeningAdmission {
    /** Replays one audit may cost, whoever relays its openings: the first, and one more should it fail. */
    public static final int MAX_REPLAYS_PER_AUDIT = 2;
    static final int MAX_AUDITS = 4_096;

    private final Map<Audit, Tries> audits = new LinkedHashMap<>(16, 0.75f, true);

    private record Audit(Bytes32 miner, long height, Bytes32 challenge) {
        static Audit of(Transaction tx) {
            AuditOpen open = (AuditOpen) tx.body();
            return new Audit(tx.sender(), open.auditedHeight(), open.challenge());
        }
    }

    private static final class Tries {
        int replays;
        boolean taken;
    }

    /** Whether an opening may go on to its replay, and why not. */
    public record Verdict(boolean admitted, String refusal) {
        static final Verdict ADMITTED = new Verdict(true, null);

        static Verdict refused(String why) {
            return new Verdict(false, why);
        }
    }

    /**
     * Decides on {@code tx}, an {@code audit_open}; {@code precheck} gives the cheap checks' refusal, if any. An
     * admitted opening is counted as replayed: the caller hands it to the mempool (which replays it) and reports
     * the outcome with {@link #replayed}.
     */
    public Verdict admit(Transaction tx, Function<Transaction, Optional<String>> precheck) {
        if (!(tx.body() instanceof AuditOpen)) {
            throw new IllegalArgumentException("not an audit_open: " + tx.kind());
        }
        Optional<String> cheap = precheck.apply(tx);
        if (cheap.isPresent()) {
            return Verdict.refused("refused before its replay: " + cheap.get());
        }
        Audit audit = Audit.of(tx);
        Tries tries = audits.get(audit);
        if (tries == null) {
            if (audits.size() >= MAX_AUDITS) {
                audits.remove(audits.keySet().iterator().next());
            }
            tries = new Tries();
            audits.put(audit, tries);
        }
        if (tries.taken) {
            return Verdict.refused("the audit at height " + audit.height() + " already has an opening taken");
        }
        if (tries.replays >= MAX_REPLAYS_PER_AUDIT) {
            return Verdict.refused("the audit at height " + audit.height() + " was replayed "
                    + MAX_REPLAYS_PER_AUDIT + " times already");
        }
        tries.replays++;
        return Verdict.ADMITTED;
    }

    /** What became of an admitted opening in the mempool. */
    public enum Replay {
        /** Replayed and taken: its audit admits no other opening. */
        TAKEN,
        /** Replayed and refused: one of the audit's replays is spent. */
        FAILED,
        /** Refused before its replay (a nonce gap, a full sender run): the try is given back. */
        NOT_REPLAYED
    }

    /** Reports what the mempool did with an opening {@link #admit} let through. */
    public void replayed(Transaction tx, Replay outcome) {
        Tries tries = audits.get(Audit.of(tx));
        if (tries == null) {
            return;
        }
        switch (outcome) {
            case TAKEN -> tries.taken = true;
            case FAILED -> {
            }
            case NOT_REPLAYED -> tries.replays = Math.max(0, tries.replays - 1);
        }
    }

    /** Audits remembered (for tests and the operator). */
    public int audits() {
        return audits.size();
    }
}
