package org.pouw.chain.net;

import java.util.List;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.importing.ImportResult;
import org.pouw.ml.wire.Bytes32;

/**
 * What a peer is told and what it costs when what it served is refused (docs/network.md §4, "Whose fault a block
 * is"): a reject with the chain's reason first, then a disconnection for headers or a block refused on their merits
 * (the signer recorded and its header handed on as evidence), never a ban: only bytes that are not what was asked
 * for ban, and the sync decides that itself.
 */
final class ServedFaults {
    private final SyncedChain chain;
    private final PeerMessages<SyncMessage> peers;
    private final PeerPenalties penalties;
    private final SignerFaults signers;

    ServedFaults(SyncedChain chain, PeerMessages<SyncMessage> peers, PeerPenalties penalties, SignerFaults signers) {
        this.chain = chain;
        this.peers = peers;
        this.penalties = penalties;
        this.signers = signers;
    }

    /** Headers the lockstep refused: the server is told, a header's own defect posted, the server disconnected. */
    void headersRefused(PeerId from, List<BlockHeader> headers, LockstepHeaders.Verdict verdict) {
        peers.send(from, SyncMessage.Reject.of(verdict.refusedHeader(), ChainRejectCode.of(verdict.refusal()),
                verdict.detail()));
        if (verdict.refusal() == LockstepHeaders.Refusal.BAD_HEADER) {
            // a defect found without a replay may show from the signed header alone: slashing evidence
            headers.stream().filter(h -> h.hash(chain.genesis().chainId()).equals(verdict.refusedHeader()))
                    .findFirst().ifPresent(h -> signers.headerAtFault(h, verdict.detail()));
        }
        penalties.disconnect(from, "served headers refused (" + verdict.refusal() + "): " + verdict.detail());
    }

    /** Tells the server why the import refused its block, when the refusal is the block's and not this node's. */
    void blockRefused(PeerId from, Bytes32 hash, ImportResult result) {
        ChainRejectCode.of(result.refusal()).ifPresent(code -> peers.send(from,
                SyncMessage.Reject.of(hash, code, result.detail())));
    }

    /** A copy that is not the block its hash names: its server is disconnected, another may hold a good one. */
    void badCopy(PeerId from, Bytes32 hash, ImportResult result) {
        penalties.disconnect(from, "served a copy of block " + hash.hex()
                + " that is not the block its hash names: " + result);
    }

    /** What a failed block costs its server, by whose fault it is. */
    void blockFailed(PeerId from, Block block, Bytes32 hash, ImportResult result, ServedBlockFault fault) {
        switch (fault) {
            case SIGNER -> {
                signers.record(block, hash, result.toString(), from);
                penalties.disconnect(from, "served block " + hash.hex() + ", invalid as signed: " + result);
            }
            case COPY -> badCopy(from, hash, result);
            default -> {
                // a timestamp ahead of this node's clock: asked again by a later sync, nobody punished
            }
        }
    }
}
