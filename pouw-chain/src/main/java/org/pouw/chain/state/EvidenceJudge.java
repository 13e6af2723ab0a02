package org.pouw.chain.state;

import org.pouw.chain.tx.Slash;
import org.pouw.ml.wire.Bytes32;

/**
 * Checks the evidence of a {@code slash} transaction (docs/chain.md §5.4). The evidence is signed headers, checked
 * without state; the block package, which owns headers, implements it ({@code org.pouw.chain.block.HeaderEvidence}).
 */
public interface EvidenceJudge {
    /** The offender the evidence convicts, or why it convicts nobody. */
    Verdict judge(Slash slash);

    /** A convicted offender, or the evidence's defect for people. */
    record Verdict(Bytes32 offender, String defect) {
        public static Verdict convicts(Bytes32 offender) {
            return new Verdict(offender, null);
        }

        public static Verdict refuses(String defect) {
            return new Verdict(null, defect);
        }
    }
}
