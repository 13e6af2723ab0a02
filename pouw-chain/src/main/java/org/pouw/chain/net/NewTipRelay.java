package org.pouw.chain.net;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.pouw.ml.wire.Bytes32;

/**
 * Relays validated blocks (docs/network.md §4): when one of them is the new tip and no session is importing a batch
 * (a node catching up has no news for its peers), it is pushed whole to the peers its {@link BlockPushTargets} choose
 * (by default the {@value ChainSync#WHOLE_BLOCK_PEERS} that delivered most new tips), never to the one it came from;
 * then every hash is announced to all, and the transport's seen-set spares whoever already has it.
 */
final class NewTipRelay {
    private final SyncedChain chain;
    private final PeerMessages<SyncMessage> peers;
    private final SyncPeers progress;
    private final BlockPushTargets targets;

    NewTipRelay(SyncedChain chain, PeerMessages<SyncMessage> peers, SyncPeers progress, BlockPushTargets targets) {
        this.chain = chain;
        this.peers = peers;
        this.progress = progress;
        this.targets = targets;
    }

    void relay(List<Bytes32> valid, PeerId from, Collection<PeerId> connected, boolean importingBatch) {
        if (valid.isEmpty()) {
            return;
        }
        Bytes32 tip = chain.tip().hash();
        if (!importingBatch && valid.contains(tip)) {
            chain.block(tip).ifPresent(block -> {
                byte[] encoded = block.encode();
                List<PeerId> ranked = connected.stream().filter(peer -> !peer.equals(from))
                        .sorted(Comparator.comparingLong((PeerId peer) -> -progress.delivered(peer))
                                .thenComparing(PeerId::name))
                        .toList();
                targets.choose(ranked).forEach(peer -> peers.send(peer, new SyncMessage.WholeBlock(encoded)));
            });
        }
        peers.broadcast(new SyncMessage.BlockInv(valid));
    }
}
