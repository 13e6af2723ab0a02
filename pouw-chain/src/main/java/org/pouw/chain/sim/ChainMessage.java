package org.pouw.chain.sim;

import java.util.List;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * What the simulated nodes say to each other (docs/chain.md §10): a block, a transaction, and the two halves of the
 * catch-up a node asks for when a block arrives whose parent it lacks (lost on the way, or mined behind a partition).
 */
public sealed interface ChainMessage {
    /** A block in its encoding, as a node relays it. */
    record BlockMessage(byte[] encoded) implements ChainMessage {
    }

    record TxMessage(Transaction tx) implements ChainMessage {
    }

    /**
     * "Send me your chain after the first of these you follow": the asker's followed chain, newest first, dense near
     * the tip and then at doubling steps back to genesis, so the answer starts at the fork point.
     */
    record SyncRequest(List<Bytes32> locator) implements ChainMessage {
        public SyncRequest {
            locator = List.copyOf(locator);
        }
    }

    /**
     * Blocks of the answerer's followed chain, parents first, in one message: sent one by one under random delays
     * they would arrive out of order and fill the orphan pool.
     */
    record SyncBatch(List<byte[]> blocks) implements ChainMessage {
        public SyncBatch {
            blocks = List.copyOf(blocks);
        }
    }
}
