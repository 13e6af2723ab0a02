package org.pouw.node.chain;

import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.event.Event;
import org.pouw.core.event.EventData;
import org.pouw.core.event.EventDraft;
import org.pouw.core.port.Storage;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.Bytes32;
import org.pouw.node.http.EventSignal;

/**
 * The chain's entries in the node's event log, served on {@code /v1/pouw/events} beside the market's:
 * {@code chain.block} for each block that joins the followed branch, {@code chain.reorg} when the tip moves to
 * another branch, {@code chain.reorg_held} when a better branch forking deeper than R is held for the operator
 * instead (docs/chain.md §6; once for each new tip of the held branch). They are appended right after the import stored the block (the chain store and the event log are
 * separate writes), so the log's sequence numbers — and {@code Last-Event-ID} resumption — cover them like any other
 * event; a node that dies between the two writes leaves the block stored without its event, which a client
 * following the chain notices by its heights ({@code GET /v1/chain/blocks?from=}).
 */
final class ChainEvents {
    static final String BLOCK = "chain.block";
    static final String REORG = "chain.reorg";
    static final String REORG_HELD = "chain.reorg_held";

    private final Storage storage;
    private final EventSignal signal;
    private final Clock clock;

    ChainEvents(Storage storage, EventSignal signal, Clock clock) {
        this.storage = storage;
        this.signal = signal;
        this.clock = clock;
    }

    static EventDraft block(Bytes32 hash, long height, Bytes32 miner, Bytes32 task) {
        return new EventDraft(BLOCK, "", "", EventData.of().put("hash", hash.hex()).put("height", height)
                .put("miner", new DidKey(miner.toArray()).toString()).put("task", task.hex()).toString());
    }

    static EventDraft reorg(Bytes32 oldTip, Bytes32 newTip, int depth, long returnedTxs) {
        return new EventDraft(REORG, "", "", EventData.of().put("old_tip", oldTip.hex()).put("new_tip", newTip.hex())
                .put("depth", depth).put("returned_txs", returnedTxs).toString());
    }

    static EventDraft reorgHeld(HeldReorg held) {
        return new EventDraft(REORG_HELD, "", "", EventData.of().put("followed_tip", held.followedTip().hex())
                .put("held_tip", held.hash().hex()).put("held_height", held.height()).put("depth", held.depth())
                .toString());
    }

    void append(List<EventDraft> drafts) {
        if (drafts.isEmpty()) {
            return;
        }
        List<Event> appended = storage.write(tx -> tx.events().appendAll(drafts, clock.millis()));
        signal.eventsAppended(appended.getLast().seq());
    }
}
