package org.pouw.core.work;

import java.util.List;
import org.pouw.core.PouwException;

/**
 * A kind of useful work the market trades (ARCHITECTURE.md §2): {@code reexec}, {@code hash-chain},
 * {@code ml-train}. The node verifies every submission through {@link #verify}; there is no kind that accepts a
 * result unchecked.
 *
 * <p>Most kinds are one-shot: the worker submits a proof, the node checks it. A kind whose verifier must choose
 * what to check only after the worker is bound to its result (ml-train audits a few training steps) also
 * implements {@link #challenge}: the worker first sends a commitment, the node answers with a challenge it draws
 * then and stores with the lease, and the proof the worker submits opens the commitment at the challenge; the
 * node hands both to {@link #verify} in the item's {@link WorkItem.Exchange}.
 */
public interface WorkKind {
    /** The name jobs carry in their {@code kind} field. */
    String name();

    /**
     * Checks a submitted proof against the job. Any malformed or wrong proof is a rejecting verdict, never an
     * exception: the bytes come from an untrusted worker.
     */
    Verdict verify(WorkItem item, byte[] proof);

    /**
     * The blobs a worker needs to prove a job of this kind, given the job's {@code traceRef} and params: all a prover
     * holding a live lease on the job may read from the node (issue 27, item 6). The worker side of the kind must
     * fetch nothing else, so a kind whose verifier needs more than its prover (ml-train's held-out set) leaves that
     * out and the worker never sees it. Params that do not parse name nothing.
     */
    List<String> proverInputs(String traceRef, String params);

    /** Whether jobs of this kind go through commit → challenge → open. */
    default boolean takesCommitment() {
        return false;
    }

    /**
     * Checks a worker's commitment and draws the challenge for it, with fresh randomness. A commitment that cannot
     * be right for the job (malformed, another task) is refused with a {@link PouwException} naming the
     * {@code commitment} field, and no challenge is issued for it.
     */
    default byte[] challenge(WorkItem item, byte[] commitment) {
        throw PouwException.invalid("commitment", "jobs of kind " + name() + " take no commitment: submit the"
                + " proof directly");
    }

    /**
     * {@link #challenge(WorkItem, byte[])} auditing as {@code sample} says (the prover's level, docs/ml.md, "Audits by
     * level"); a kind that draws no sample of steps ignores it.
     */
    default byte[] challenge(WorkItem item, byte[] commitment, AuditSample sample) {
        return challenge(item, commitment);
    }
}
