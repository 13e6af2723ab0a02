package org.pouw.p2p;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Inv;

/**
 * The ids to announce on one link, sent as one {@code inv} per type (at most {@link PeerLink#MAX_INV_IDS} ids each)
 * for all the ids that queued while the link's last announcement went out ({@link SendCoalescer}), instead of one
 * frame per id, which held transaction relay to a few hundred a second (docs/p2p.md, "Batching"). Ids of a trickled
 * type ({@link PeerNode#trickle}) first wait until a set time after the first of them queued and then leave together:
 * a node relaying transactions one by one, each as the mempool takes it, would otherwise find its links idle and send
 * one {@code inv} per transaction, and each would draw its own fetch request and answer.
 */
final class AnnouncementQueue {
    private static final System.Logger LOG = System.getLogger(AnnouncementQueue.class.getName());

    private record Announced(int type, ByteString id) {
    }

    private final SendCoalescer<Announced> coalescer;
    /** Trickled ids waiting for their flush; guarded by this queue's monitor. */
    private List<Announced> trickling = new ArrayList<>();
    private boolean flushPending;

    AnnouncementQueue(Consumer<Frame> send) {
        this.coalescer = new SendCoalescer<>(batch -> sendInvs(batch, send));
    }

    void add(int type, byte[] id) {
        coalescer.offer(new Announced(type, ByteString.copyFrom(id)));
    }

    /**
     * Queues an id that waits: the first one queued since the last flush has {@code later} run the flush after
     * {@code wait}, and every id queued until then leaves with it. When {@code later} refuses (the node is closing)
     * the ids leave at once.
     */
    void addLater(int type, byte[] id, Duration wait, BiPredicate<Runnable, Duration> later) {
        Announced announced = new Announced(type, ByteString.copyFrom(id));
        synchronized (this) {
            trickling.add(announced);
            if (flushPending) {
                return;
            }
            flushPending = true;
        }
        if (!later.test(this::flushTrickled, wait)) {
            flushTrickled();
        }
    }

    private void flushTrickled() {
        List<Announced> due;
        synchronized (this) {
            due = trickling;
            trickling = new ArrayList<>();
            flushPending = false;
        }
        try {
            // one batch: the coalescer sends what it is offered inside together() when it ends
            SendCoalescer.together(() -> due.forEach(coalescer::offer));
        } catch (RuntimeException e) {
            // on the transport's timer thread, which must go on; a link that went meanwhile drops its frames itself
            LOG.log(System.Logger.Level.WARNING, "trickled announcements failed", e);
        }
    }

    /** By type, in the order the types first come: a block's id is not held behind a later type's. */
    private static void sendInvs(List<Announced> batch, Consumer<Frame> send) {
        Map<Integer, List<ByteString>> byType = new LinkedHashMap<>();
        for (Announced announced : batch) {
            byType.computeIfAbsent(announced.type(), t -> new ArrayList<>()).add(announced.id());
        }
        byType.forEach((type, ids) -> {
            for (int from = 0; from < ids.size(); from += PeerLink.MAX_INV_IDS) {
                List<ByteString> part = ids.subList(from, Math.min(ids.size(), from + PeerLink.MAX_INV_IDS));
                send.accept(Frame.newBuilder().setInv(Inv.newBuilder().setType(type).addAllIds(part)).build());
            }
        });
    }
}
