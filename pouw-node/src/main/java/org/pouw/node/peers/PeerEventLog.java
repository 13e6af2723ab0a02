package org.pouw.node.peers;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.pouw.core.event.EventData;
import org.pouw.crypto.DidKey;
import org.pouw.p2p.PeerInfo;
import org.pouw.p2p.PeerObserver;
import org.pouw.p2p.peers.Ban;

/**
 * The peers' comings and goings for the operator's event stream ({@code GET /v1/net/events}, admin only):
 * {@code peer.connected}, {@code peer.disconnected} and {@code peer.banned}. Kept in memory, the newest
 * {@value #CAPACITY}, and not in the node's durable event log: that log is public, and who a node's peers are is what
 * an eclipse attacker wants to learn. Sequence numbers start at 1 with each start of the node, so a client resumes
 * with {@code Last-Event-ID} within one run; one that fell further behind than the buffer sees the gap in the numbers.
 */
public final class PeerEventLog implements PeerObserver {
    static final int CAPACITY = 1_024;
    public static final String CONNECTED = "peer.connected";
    public static final String DISCONNECTED = "peer.disconnected";
    public static final String BANNED = "peer.banned";

    /** One entry: {@code data} is a JSON object as text. */
    public record Entry(long seq, String type, String data) {
    }

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long last;

    public PeerEventLog(InstantSource clock) {
        this.clock = clock;
    }

    @Override
    public void connected(PeerInfo peer) {
        append(CONNECTED, EventData.of().put("peer_id", peer.peerId().toString()).put("address", peer.address())
                .put("direction", peer.outbound() ? "outbound" : "inbound")
                .put("listen_address", peer.listenAddress()).put("best_height", peer.bestHeight()));
    }

    @Override
    public void disconnected(DidKey peer, String address, boolean outbound, String why) {
        append(DISCONNECTED, EventData.of().put("peer_id", peer.toString()).put("address", address)
                .put("direction", outbound ? "outbound" : "inbound").put("reason", why));
    }

    @Override
    public void banned(Ban ban) {
        append(BANNED, EventData.of().put("subject", ban.subject()).put("until", ban.until().toString())
                .put("reason", ban.reason()));
    }

    private void append(String type, EventData data) {
        lock.lock();
        try {
            last++;
            entries.addLast(new Entry(last, type, data.put("at", clock.instant().toString()).toString()));
            if (entries.size() > CAPACITY) {
                entries.removeFirst();
            }
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The entries after {@code seq}, oldest first, at most {@code max}. */
    public List<Entry> after(long seq, int max) {
        lock.lock();
        try {
            List<Entry> out = new ArrayList<>();
            for (Entry entry : entries) {
                if (entry.seq() > seq) {
                    out.add(entry);
                    if (out.size() == max) {
                        break;
                    }
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until an entry after {@code seq} exists, or {@code timeoutMs} passes. */
    public void awaitAfter(long seq, long timeoutMs) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutMs * 1_000_000L;
            while (last <= seq && nanos > 0) {
                nanos = appended.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }
}
