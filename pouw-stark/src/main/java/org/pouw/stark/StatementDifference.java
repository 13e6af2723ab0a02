package org.pouw.stark;

import java.util.Arrays;
import org.pouw.stark.air.hashchain.HashChainStatement;

/**
 * Says why a hash-chain proof's public inputs differ from the statement the verifier expects. Only for the verdict's
 * reason and detail: the inputs already differ, so the proof is refused whatever this finds.
 */
final class StatementDifference {
    private StatementDifference() {
    }

    static StarkVerdict verdict(byte[] publicInputs, HashChainStatement expected) {
        HashChainStatement claimed;
        try {
            claimed = HashChainStatement.decode(publicInputs);
        } catch (HashChainStatement.UnsupportedStatementVersion e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.UNSUPPORTED_VERSION, e.getMessage());
        } catch (IllegalArgumentException e) {
            return StarkVerdict.invalid(StarkVerdict.Reason.BAD_PUBLIC_INPUTS, e.getMessage());
        }
        String detail;
        if (!claimed.sameChain(expected)) {
            detail = "proof is for " + claimed + ", expected " + expected;
        } else if (!Arrays.equals(claimed.binding().jobId(), expected.binding().jobId())) {
            detail = "proof is bound to another job: " + claimed.binding() + ", expected " + expected.binding();
        } else {
            detail = "proof is bound to another prover than the leaseholder: " + claimed.binding() + ", expected "
                    + expected.binding();
        }
        return StarkVerdict.invalid(StarkVerdict.Reason.STATEMENT_MISMATCH, detail);
    }
}
