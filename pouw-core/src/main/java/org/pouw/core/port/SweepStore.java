package org.pouw.core.port;

import java.util.List;
import java.util.Optional;

/**
 * What changes about a hyperparameter sweep after it is posted (issue 28 §3, docs/ml.md "Sweeps"), inside one
 * {@link StoreTx}. The sweep itself is an immutable manifest blob its id names; this row follows it: how many verified
 * tasks were announced on the event stream, whether the requester asked for a final retrain and what became of it,
 * and whether the node still follows it. Each change is a compare-and-set, so two nodes following the same database
 * announce each step once.
 */
public interface SweepStore {
    /** A sweep's row. {@code finalIntentId} is empty until the final retrain is posted. */
    record Sweep(String sweepId, String requester, int jobsTotal, int jobsAnnounced, boolean open,
                 boolean finalWanted, String finalIntentId, String finalNote, long createdAtMs) {
    }

    void add(String sweepId, String requester, int jobsTotal, boolean finalWanted, long nowMs);

    Optional<Sweep> find(String sweepId);

    /**
     * Up to {@code limit} of {@code requester}'s sweeps, the newest first, from before the place {@code after} (null:
     * from the newest): created earlier, or at the same millisecond with a smaller id.
     */
    List<Sweep> requestedBy(String requester, Place after, int limit);

    /** A place in a requester's list: its last sweep's creation time and id. */
    record Place(long createdAtMs, String sweepId) {
    }

    /** Up to {@code limit} sweeps still followed, the oldest first. */
    List<String> open(int limit);

    /** Moves the count of announced verified tasks from {@code seen} to {@code done}; false when another did. */
    boolean announce(String sweepId, int seen, int done);

    /**
     * Stops following the sweep, if its final retrain is still wanted or not as {@code finalWanted} says (what the
     * caller read); false when it was stopped already (by another node), or when a final retrain was asked for since
     * the caller read the row — the next look then posts it.
     */
    boolean close(String sweepId, long nowMs, boolean finalWanted);

    /**
     * Asks for the final retrain of a sweep posted without one, following the sweep again if it had ended; false when
     * one was asked for already.
     */
    boolean wantFinal(String sweepId);

    /** What became of the final retrain: its intent (empty when none was posted) and a note saying why. */
    void recordFinal(String sweepId, String intentId, String note);
}
