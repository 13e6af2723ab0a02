package org.pouw.p2p;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Chunk;
import org.pouw.p2p.wire.FetchRequest;

/**
 * A link's bulk stream: objects asked for by type and id, answered in chunks of at most 1 MiB. Its own HTTP/2 stream
 * with its own flow-control window, so a 35 MB object in flight never holds up an announcement on the link. Sizes
 * are checked as the chunks come: the declared size against {@code max_object_bytes}, every chunk against 1 MiB,
 * and the running total against the declared size.
 */
final class BulkChannel {
    private final PeerNode node;
    private final PeerLink link;
    private final CompletableFuture<FrameStream> stream = new CompletableFuture<>();
    private final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();
    private final AtomicLong nextRequest = new AtomicLong(1);

    /** One object being received. */
    private static final class Transfer {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        long declared = -1;
    }

    BulkChannel(PeerNode node, PeerLink link) {
        this.node = node;
        this.link = link;
    }

    /** Attaches the bulk stream; false if one is attached already. */
    boolean attach(FrameStream bulkStream) {
        return stream.complete(bulkStream);
    }

    CompletableFuture<byte[]> fetch(int type, byte[] id) {
        long requestId = nextRequest.getAndIncrement();
        Transfer transfer = new Transfer();
        transfers.put(requestId, transfer);
        byte[] request = BulkFrame.newBuilder().setRequest(FetchRequest.newBuilder().setRequestId(requestId)
                .setType(type).setId(ByteString.copyFrom(id))).build().toByteArray();
        stream.thenAccept(s -> s.send(request));
        return transfer.done;
    }

    void onBytes(byte[] bytes) {
        if (bytes == RawBytes.INFLATED_PAST_LIMIT) {
            node.punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED,
                    "a compressed bulk frame inflated past " + node.config().transportLimit() + " bytes"));
            return;
        }
        BulkFrame frame;
        try {
            frame = FrameCodec.bulk(bytes);
        } catch (MalformedFrameException e) {
            node.punish(link, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED, e.getMessage()));
            return;
        }
        switch (frame.getBodyCase()) {
            case REQUEST -> serve(frame.getRequest());
            case CHUNK -> receive(frame.getChunk());
            case BODY_NOT_SET -> {
            }
        }
    }

    private void serve(FetchRequest request) {
        if (!node.discipline().trySpend(link.peerId().toString(), request.getSerializedSize())) {
            node.punish(link, new Refusal(RejectReason.RATE_LIMITED, Offence.FLOODING, "fetch requests too fast"));
            return;
        }
        if (request.getId().isEmpty() || request.getId().size() > PeerLink.MAX_ID_LENGTH) {
            node.punish(link, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED,
                    "a fetch id has 1 to 64 bytes, got " + request.getId().size()));
            return;
        }
        Optional<byte[]> object = node.find(link.peerId(), request.getType(), request.getId().toByteArray());
        FrameStream out = open();
        if (out == null) {
            return;
        }
        if (object.isEmpty()) {
            out.send(BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(request.getRequestId())
                    .setNotFound(true)).build().toByteArray());
            return;
        }
        byte[] data = object.get();
        int offset = 0;
        do {
            int length = Math.min(P2pConfig.CHUNK_BYTES, data.length - offset);
            out.send(BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(request.getRequestId())
                    .setTotalSize(data.length).setData(ByteString.copyFrom(data, offset, length)))
                    .build().toByteArray());
            offset += length;
        } while (offset < data.length);
    }

    private void receive(Chunk chunk) {
        Transfer transfer = transfers.get(chunk.getRequestId());
        if (transfer == null) {
            node.punish(link, new Refusal(RejectReason.PROTOCOL_VIOLATION, Offence.UNSOLICITED,
                    "chunk for no request"));
            return;
        }
        if (chunk.getNotFound()) {
            transfers.remove(chunk.getRequestId());
            transfer.done.completeExceptionally(new NoSuchElementException("the peer does not have that object"));
            return;
        }
        long total = chunk.getTotalSize();
        String problem = null;
        if (total > node.config().maxObjectBytes()) {
            problem = "object of " + total + " bytes, limit " + node.config().maxObjectBytes();
        } else if (chunk.getData().size() > P2pConfig.CHUNK_BYTES) {
            problem = "chunk of " + chunk.getData().size() + " bytes, limit " + P2pConfig.CHUNK_BYTES;
        } else if (transfer.declared >= 0 && transfer.declared != total) {
            problem = "total_size changed from " + transfer.declared + " to " + total;
        } else if (transfer.received.size() + (long) chunk.getData().size() > total) {
            problem = "more bytes than the declared " + total;
        }
        if (problem != null) {
            transfers.remove(chunk.getRequestId());
            transfer.done.completeExceptionally(new PeerRefusedException(RejectReason.OVERSIZED, problem));
            node.punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED, problem));
            return;
        }
        transfer.declared = total;
        transfer.received.writeBytes(chunk.getData().toByteArray());
        if (transfer.received.size() == total) {
            transfers.remove(chunk.getRequestId());
            transfer.done.complete(transfer.received.toByteArray());
        }
    }

    /** The attached stream, or null while none is (or the link closed before one was). */
    private FrameStream open() {
        return stream.isDone() && !stream.isCompletedExceptionally() ? stream.join() : null;
    }

    void close(RuntimeException why) {
        stream.completeExceptionally(why);
        FrameStream open = open();
        if (open != null) {
            open.close(why.getMessage());
        }
        transfers.values().forEach(t -> t.done.completeExceptionally(why));
        transfers.clear();
    }
}
