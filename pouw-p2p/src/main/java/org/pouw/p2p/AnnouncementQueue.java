package org.pouw.p2p;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.pouw.p2p.wire.Frame;
import org.pouw.p2p.wire.Inv;

/**
 * The ids to announce on one link, sent as one {@code inv} per type (at most {@link PeerLink#MAX_INV_IDS} ids each)
 * for all the ids that queued while the link's last announcement went out ({@link SendCoalescer}), instead of one
 * frame per id, which held transaction relay to a few hundred a second (docs/p2p.md, "Batching").
 */
final class AnnouncementQueue {
    private record Announced(int type, ByteString id) {
    }

    private final SendCoalescer<Announced> coalescer;

    AnnouncementQueue(Consumer<Frame> send) {
        this.coalescer = new SendCoalescer<>(batch -> sendInvs(batch, send));
    }

    void add(int type, byte[] id) {
        coalescer.offer(new Announced(type, ByteString.copyFrom(id)));
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
