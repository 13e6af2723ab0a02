package org.pouw.chain.net;

import java.util.Optional;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;

/**
 * A body of the running session arrived (served or pushed): it joins the window, and the window's bodies are
 * imported in height order as far as they have come (docs/network.md §3). When the batch is all in, the sync peer is
 * asked for the headers that follow, until it has nothing new; otherwise more bodies are asked for.
 */
final class SessionImport {
    private final SyncSessions sessions;
    private final ServedBlockImport served;
    private final SessionBodyFetch bodies;
    private final SyncTicks ticks;

    SessionImport(SyncSessions sessions, ServedBlockImport served, SessionBodyFetch bodies, SyncTicks ticks) {
        this.sessions = sessions;
        this.served = served;
        this.bodies = bodies;
        this.ticks = ticks;
    }

    void arrived(Bytes32 hash, Block block, PeerId from) {
        SyncSession session = sessions.current();
        session.idleSince = ticks.now();
        session.window.arrived(hash, block, from);
        importInOrder();
    }

    private void importInOrder() {
        SyncSession s = sessions.current();
        BodyWindow window = s.window;
        for (Optional<BodyWindow.Arrival> next = window.nextInOrder(); next.isPresent();
             next = window.nextInOrder()) {
            BodyWindow.Arrival arrival = next.get();
            ServedBlockImport.Taken taken = served.take(arrival.from(), arrival.block(), arrival.hash(), true);
            if (taken == ServedBlockImport.Taken.FAILED) {
                return;     // the import ended the session
            }
            if (taken == ServedBlockImport.Taken.ASK_ELSEWHERE) {
                break;
            }
            window.importedOne();
        }
        if (sessions.current() != s) {
            return;
        }
        if (window.complete()) {
            sessions.askHeaders(s);
        } else {
            bodies.fetchMore();
        }
    }
}
