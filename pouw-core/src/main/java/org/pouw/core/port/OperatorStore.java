package org.pouw.core.port;

import java.util.List;
import java.util.Optional;
import org.pouw.core.id.JobId;
import org.pouw.core.operator.ClaimBarriers;
import org.pouw.core.operator.ClaimingPause;
import org.pouw.core.operator.ProverBan;

/**
 * What the operator set (issue 25, defect 8) — the node-wide claiming pause and the prover bans — and the record of
 * leases handed back, inside one {@link StoreTx}. Kept in the database so every node sharing it obeys at once.
 */
public interface OperatorStore {
    Optional<ClaimingPause> claimingPause();

    /** Pauses claiming; false, and nothing written, when it is paused already. */
    boolean pauseClaiming(ClaimingPause pause);

    /** Resumes claiming; false when it was not paused. */
    boolean resumeClaiming();

    /** Bans the prover; false, and nothing written, when it is banned already. */
    boolean ban(ProverBan ban);

    /** Lifts the prover's ban; false when it was not banned. */
    boolean unban(String proverId);

    Optional<ProverBan> ban(String proverId);

    /** The banned provers among {@code proverIds} (one statement: a claim group asks for all its claimers). */
    List<ProverBan> bansAmong(List<String> proverIds);

    /** {@link #claimingPause} and {@link #bansAmong}, in one statement where the store can (a claim group's). */
    default ClaimBarriers claimBarriers(List<String> proverIds) {
        return new ClaimBarriers(claimingPause(), bansAmong(proverIds));
    }

    /** Every ban, newest first, at most {@code limit}. */
    List<ProverBan> bans(int limit);

    /** The in-progress jobs whose lease {@code proverId} holds, in job-id order, at most {@code limit}. */
    List<JobId> leasedBy(String proverId, int limit);

    /** Notes that the prover handed a lease back (a release), for the release budget. */
    void recordRelease(String proverId, JobId jobId, long atMs);

    /** How many leases the prover handed back since {@code sinceMs}. */
    int releasesSince(String proverId, long sinceMs);

    /** Forgets releases before {@code beforeMs}; how many. */
    int forgetReleases(long beforeMs);
}
