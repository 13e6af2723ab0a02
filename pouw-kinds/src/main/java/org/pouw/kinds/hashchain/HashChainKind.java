package org.pouw.kinds.hashchain;

import java.util.List;
import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkFailedException;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.kinds.stark.StarkVerdicts;
import org.pouw.stark.HashChainStark;
import org.pouw.stark.air.hashchain.HashChainStatement;
import org.pouw.stark.air.hashchain.JobBinding;

/**
 * The {@code hash-chain} work kind (issue 3): a worker proves y = H^n(x) with a STARK (pouw-stark, 96-bit options);
 * the node checks the proof in milliseconds and that it proves exactly the statement of the job. The verifier
 * refuses proofs whose options give under 96 bits of conjectured security.
 *
 * <p>Proofs are bound to the job and to the prover holding its lease (issue 22, docs/stark.md "Threat model"): the
 * worker proves for its own DID and the job's id; the node builds the statement it expects from the job's params,
 * its id and the leaseholder in its own records, so a proof stolen from a finished job or replayed for a second job
 * with the same chain is refused.
 */
public final class HashChainKind implements WorkKind, WorkProver {
    public static final String NAME = "hash-chain";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String kind() {
        return NAME;
    }

    /** The job's own encoded statement; the prover needs nothing but its params. */
    @Override
    public List<String> proverInputs(String traceRef, String params) {
        return List.of(traceRef);
    }

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        HashChainParams params = HashChainParams.parse(item.params());
        JobBinding binding;
        try {
            binding = binding(item);
        } catch (IllegalArgumentException e) {
            throw new WorkFailedException("hash-chain proof cannot be bound: " + e.getMessage());
        }
        return HashChainStark.prove(binding, params.seed(), params.steps(), HashChainStark.OPTIONS_96,
                progress::progress);
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        HashChainStatement expected;
        try {
            expected = HashChainParams.parse(item.params()).statementFor(binding(item));
        } catch (IllegalArgumentException | WorkFailedException e) {
            // The node's own records cannot name what the proof must prove; no proof can be accepted for it.
            return Verdict.reject(Verdict.Reason.WRONG_PARAMETERS, "expected statement: " + e.getMessage());
        }
        return StarkVerdicts.of(HashChainStark.verify(proof, expected));
    }

    /** The job id and prover the item is for; an item without a prover cannot be bound. */
    static JobBinding binding(WorkItem item) {
        String prover = item.prover().orElseThrow(() -> new IllegalArgumentException(
                "prover is missing: hash-chain proofs are bound to the DID holding the job's lease")).text();
        return JobBinding.of(item.jobId(), prover);
    }
}
