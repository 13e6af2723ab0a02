package org.pouw.kinds.hashchain;

import org.pouw.core.work.ChallengeChannel;
import org.pouw.core.work.ProgressListener;
import org.pouw.core.work.Verdict;
import org.pouw.core.work.WorkItem;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkProver;
import org.pouw.stark.HashChainStark;

/**
 * The {@code hash-chain} work kind (issue 3): a worker proves y = H^n(x) with a STARK (pouw-stark, 96-bit options);
 * the node checks the proof in milliseconds and that it proves exactly the statement of the job. The verifier
 * refuses proofs whose options give under 96 bits of conjectured security.
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

    @Override
    public byte[] prove(WorkItem item, ProgressListener progress, ChallengeChannel verifier) {
        HashChainParams params = HashChainParams.parse(item.params());
        return HashChainStark.prove(params.statement().seed(), params.statement().steps(), HashChainStark.OPTIONS_96,
                progress::progress);
    }

    @Override
    public Verdict verify(WorkItem item, byte[] proof) {
        HashChainParams params = HashChainParams.parse(item.params());
        org.pouw.stark.StarkVerdict verdict = HashChainStark.verify(proof, params.statement());
        if (verdict.valid()) {
            return Verdict.ok();
        }
        Verdict.Reason reason = switch (verdict.reason()) {
            case MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_AIR, BAD_PUBLIC_INPUTS -> Verdict.Reason.MALFORMED;
            case BAD_OPTIONS, INSUFFICIENT_SECURITY -> Verdict.Reason.WRONG_PARAMETERS;
            default -> Verdict.Reason.MISMATCH;
        };
        return Verdict.reject(reason, verdict.reason().name().toLowerCase(java.util.Locale.ROOT) + ": "
                + verdict.detail());
    }
}
