package org.pouw.kinds.stark;

import java.util.Locale;
import org.pouw.core.work.Verdict;
import org.pouw.stark.StarkVerdict;

/**
 * The market's verdict for a STARK verifier's answer, the same for every kind proven with pouw-stark (hash chains,
 * VM runs, VM batches): an unreadable proof is malformed, one made under other options is for the wrong parameters,
 * and anything else that fails is a mismatch with the statement the node expects.
 */
public final class StarkVerdicts {
    private StarkVerdicts() {
    }

    public static Verdict of(StarkVerdict verdict) {
        if (verdict.valid()) {
            return Verdict.ok();
        }
        Verdict.Reason reason = switch (verdict.reason()) {
            case MALFORMED, UNSUPPORTED_VERSION, UNKNOWN_AIR, BAD_PUBLIC_INPUTS -> Verdict.Reason.MALFORMED;
            case BAD_OPTIONS, INSUFFICIENT_SECURITY -> Verdict.Reason.WRONG_PARAMETERS;
            default -> Verdict.Reason.MISMATCH;
        };
        return Verdict.reject(reason, verdict.reason().name().toLowerCase(Locale.ROOT) + ": " + verdict.detail());
    }
}
