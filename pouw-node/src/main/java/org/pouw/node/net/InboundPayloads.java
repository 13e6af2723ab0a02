package org.pouw.node.net;

import java.util.function.BiConsumer;
import java.util.function.Function;
import org.pouw.crypto.DidKey;
import org.pouw.ml.wire.EncodingException;
import org.pouw.p2p.PeerNode;
import org.pouw.p2p.peers.Offence;

/**
 * The one way a chain payload gets from a peer to its handler (docs/network.md §4, "Limits"): counted by its type,
 * admitted only within the peer's byte budget for the type (one over it is dropped and charged as flooding), then
 * decoded — bytes that are not the type's canonical encoding charge the peer as malformed, and the handler never sees
 * them. Each handler is then left with what it does with a well-formed message.
 */
final class InboundPayloads {
    private final PeerNode node;
    private final ChainTraffic traffic;
    private final ChainBudgets budgets;

    InboundPayloads(PeerNode node, ChainTraffic traffic, ChainBudgets budgets) {
        this.node = node;
        this.traffic = traffic;
        this.budgets = budgets;
    }

    /**
     * Hands payloads of {@code type} to {@code handler} once counted as {@code kind}, within the sender's
     * {@code budget} and decoded by {@code decoder} (which throws {@link EncodingException} or
     * {@link IllegalArgumentException} for bytes that are not one).
     */
    <T> void on(int type, ChainTraffic.Kind kind, ChainBudgets.Inbound budget, Function<byte[], T> decoder,
                BiConsumer<DidKey, T> handler) {
        node.onPayload(type, (from, body) -> {
            traffic.count(ChainTraffic.Direction.IN, kind, 1, body.length);
            if (!withinBudget(from, budget, kind, body.length)) {
                return;
            }
            T message;
            try {
                message = decoder.apply(body);
            } catch (EncodingException | IllegalArgumentException e) {
                node.report(from, Offence.MALFORMED, kind.label() + ": " + e.getMessage());
                return;
            }
            handler.accept(from, message);
        });
    }

    /** Whether a peer's message fits its budget for the type; one that does not is dropped and charged. */
    private boolean withinBudget(DidKey from, ChainBudgets.Inbound type, ChainTraffic.Kind kind, int bytes) {
        if (budgets.receive(from, type, bytes)) {
            return true;
        }
        traffic.refusedOverBudget(ChainTraffic.Direction.IN, kind);
        node.report(from, Offence.FLOODING, kind.label() + ": over the peer's budget for the type");
        return false;
    }
}
