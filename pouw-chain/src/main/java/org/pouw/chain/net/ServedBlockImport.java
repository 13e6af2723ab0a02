package org.pouw.chain.net;

import java.util.List;
import java.util.Set;
import org.pouw.chain.block.Block;
import org.pouw.chain.importing.ImportResult;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.ml.wire.Bytes32;

/**
 * Imports a block a peer served or pushed, and acts on the verdict (docs/network.md §4). What it validated is taken
 * into the lockstep, credited to the peer that delivered it and relayed; an orphan starts a session with its sender
 * to fetch its ancestors. A bad copy of a session's block from a peer other than the sync peer is asked of another
 * peer; any other failure ends the session the block belonged to, or the sync peer's session, and costs its server
 * and signer what {@link ServedFaults} says.
 */
final class ServedBlockImport {
    /** What became of a block a peer served. */
    enum Taken {
        VALID,
        /** This copy was bad, the block may not be: asked of another peer. */
        ASK_ELSEWHERE,
        /** Refused; the session it belonged to, if any, is over. */
        FAILED
    }

    private final SyncedChain chain;
    private final LockstepHeaders lockstep;
    private final SyncPeers progress;
    private final SyncSessions sessions;
    private final NewTipRelay relay;
    private final ServedFaults servedFaults;
    private final Set<PeerId> connected;
    private long imports;

    ServedBlockImport(SyncedChain chain, LockstepHeaders lockstep, SyncPeers progress, SyncSessions sessions,
                      NewTipRelay relay, ServedFaults servedFaults, Set<PeerId> connected) {
        this.chain = chain;
        this.lockstep = lockstep;
        this.progress = progress;
        this.sessions = sessions;
        this.relay = relay;
        this.servedFaults = servedFaults;
        this.connected = connected;
    }

    Taken take(PeerId from, Block block, Bytes32 hash, boolean ofSession) {
        ImportResult result = chain.importBlock(block);
        imports++;
        ServedBlockFault fault = ServedBlockFault.of(result, chain.knownInvalid(hash));
        if (fault == ServedBlockFault.NONE) {
            ValidatedBlocks valid = ValidatedBlocks.of(result);
            valid.hashes().forEach(lockstep::validated);
            if (valid.movedTip() > 0) {
                progress.delivered(from, valid.movedTip());
                if (ofSession) {
                    sessions.current().delivered += valid.movedTip();
                }
            }
            relayValidated(valid.hashes(), from);
            if (result.status() == ImportStatus.ORPHAN_HELD && !sessions.running()) {
                sessions.start(from);     // its ancestors: fetched header first, within the lockstep
            }
            return Taken.VALID;
        }
        servedFaults.blockRefused(from, hash, result);
        if (fault == ServedBlockFault.COPY && ofSession && !sessions.isWith(from)) {
            sessions.current().window.failed(hash, from);
            servedFaults.badCopy(from, hash, result);
            return Taken.ASK_ELSEWHERE;
        }
        lockstep.drop(hash);
        if (sessions.running() && (ofSession || sessions.isWith(from))) {
            sessions.abort();
        }
        servedFaults.blockFailed(from, block, hash, result, fault);
        return Taken.FAILED;
    }

    /** Relays blocks validated here ({@link NewTipRelay}); {@code from} is the peer they came from, or null. */
    void relayValidated(List<Bytes32> valid, PeerId from) {
        relay.relay(valid, from, connected, sessions.importingBatch());
    }

    /** Blocks handed to the import (valid or not). */
    long imports() {
        return imports;
    }
}
