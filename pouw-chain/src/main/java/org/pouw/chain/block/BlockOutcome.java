package org.pouw.chain.block;

import org.pouw.chain.state.StateLayer;
import org.pouw.ml.wire.Bytes32;

/**
 * What applying a block's body did: the state it leaves and that state's root, or the defect that makes it invalid
 * (with a detail for people) and no state.
 */
public record BlockOutcome(StateLayer state, Bytes32 stateRoot, long fees, BlockDefect defect, String detail) {
    static BlockOutcome applied(StateLayer state, Bytes32 stateRoot, long fees) {
        return new BlockOutcome(state, stateRoot, fees, null, "");
    }

    static BlockOutcome invalid(BlockDefect defect, String detail) {
        return new BlockOutcome(null, null, 0, defect, detail);
    }

    public boolean isValid() {
        return defect == null;
    }
}
