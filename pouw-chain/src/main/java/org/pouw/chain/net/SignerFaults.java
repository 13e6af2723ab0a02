package org.pouw.chain.net;

import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.ml.wire.Bytes32;

/**
 * Blocks found invalid as signed, kept for the operator (newest last, at most {@value #MAX}), each also handed to the
 * node's evidence reporter, which posts a slash when the signed header shows the defect by itself.
 */
final class SignerFaults {
    static final int MAX = 256;

    private final FaultEvidence evidence;
    private final List<SignerFault> faults = new ArrayList<>();

    SignerFaults(FaultEvidence evidence) {
        this.evidence = evidence;
    }

    void record(Block block, Bytes32 hash, String why, PeerId servedBy) {
        if (faults.size() == MAX) {
            faults.removeFirst();
        }
        faults.add(new SignerFault(block.header().miner(), hash, block.header().height(), why, servedBy));
        evidence.signerAtFault(block.header(), why);
    }

    /** A header refused for a defect found without a replay: evidence only, not a served block's fault. */
    void headerAtFault(BlockHeader header, String why) {
        evidence.signerAtFault(header, why);
    }

    List<SignerFault> list() {
        return List.copyOf(faults);
    }
}
