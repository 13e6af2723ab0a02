package org.pouw.p2p;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.p2p.peers.Offence;
import org.pouw.p2p.wire.BulkBatch;
import org.pouw.p2p.wire.BulkFrame;
import org.pouw.p2p.wire.Chunk;
import org.pouw.p2p.wire.FetchRequest;

/**
 * A link's bulk stream: objects asked for by type and id, answered in chunks of at most 1 MiB. Its own HTTP/2 stream
 * with its own flow-control window, so a 35 MB object in flight never holds up an announcement on the link. Sizes
 * are checked as the chunks come: the declared size against {@code max_object_bytes}, every chunk against 1 MiB,
 * and the running total against the declared size.
 *
 * <p>Requests made while the last frame was going out leave together in one {@code batch} frame, and the answers to
 * a batch's small objects go back together too (as many whole objects as fit in 1 MiB): relaying many small objects
 * (transactions) so costs a few frames, not one request frame and one answer frame each (docs/p2p.md, "Bulk
 * transfers").
 */
final class BulkChannel {
    /** At most this many requests in one batch frame, as an {@code inv} has at most as many ids. */
    static final int MAX_BATCH_REQUESTS = PeerLink.MAX_INV_IDS;
    /** What a batch of answers may carry: room is left for the framing of each chunk within the transport limit. */
    private static final int BATCH_ANSWER_BYTES = P2pConfig.CHUNK_BYTES;

    private final PeerNode node;
    private final PeerLink link;
    private final CompletableFuture<FrameStream> stream = new CompletableFuture<>();
    private final Map<Long, Transfer> transfers = new ConcurrentHashMap<>();
    private final AtomicLong nextRequest = new AtomicLong(1);
    /** Requests leave together when they queue while one is going out; before the stream is attached, they wait. */
    private final SendCoalescer<FetchRequest> requests =
            new SendCoalescer<>(batch -> stream.thenAccept(out -> sendRequests(out, batch)));

    /** One object being received. */
    private static final class Transfer {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final FetchProgress progress;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        long declared = -1;
        /** Bytes received, kept when the asker dropped the transfer and its bytes are no longer. */
        long count;

        Transfer(FetchProgress progress) {
            this.progress = progress;
        }

        /** The asker cancelled it: the rest of its chunks are checked and counted, not kept. */
        boolean dropped() {
            return done.isCancelled();
        }
    }

    BulkChannel(PeerNode node, PeerLink link) {
        this.node = node;
        this.link = link;
    }

    /** Attaches the bulk stream; false if one is attached already. */
    boolean attach(FrameStream bulkStream) {
        return stream.complete(bulkStream);
    }

    CompletableFuture<byte[]> fetch(int type, byte[] id, FetchProgress progress) {
        long requestId = nextRequest.getAndIncrement();
        Transfer transfer = new Transfer(progress);
        transfers.put(requestId, transfer);
        FetchRequest request = FetchRequest.newBuilder().setRequestId(requestId).setType(type)
                .setId(ByteString.copyFrom(id)).build();
        this.requests.offer(request);
        return transfer.done;
    }

    /** Sends the queued requests: one alone as a request frame, more as batches of at most the limit. */
    private static void sendRequests(FrameStream out, List<FetchRequest> requests) {
        if (requests.size() == 1) {
            out.send(BulkFrame.newBuilder().setRequest(requests.get(0)).build().toByteArray());
            return;
        }
        for (int from = 0; from < requests.size(); from += MAX_BATCH_REQUESTS) {
            List<FetchRequest> part = requests.subList(from, Math.min(requests.size(), from + MAX_BATCH_REQUESTS));
            out.send(BulkFrame.newBuilder().setBatch(BulkBatch.newBuilder().addAllRequests(part)).build()
                    .toByteArray());
        }
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
        // what completing these transfers makes the layers above send (announcements, more fetches) leaves batched
        SendCoalescer.together(() -> onFrame(frame, bytes.length));
    }

    private void onFrame(BulkFrame frame, int frameBytes) {
        switch (frame.getBodyCase()) {
            case REQUEST -> {
                if (spend(frame.getRequest().getSerializedSize())) {
                    serve(List.of(frame.getRequest()));
                }
            }
            case CHUNK -> receive(frame.getChunk());
            case BATCH -> onBatch(frame.getBatch(), frameBytes);
            case BODY_NOT_SET -> {
            }
        }
    }

    private boolean spend(int bytes) {
        if (node.discipline().trySpend(link.peerId().toString(), bytes)) {
            return true;
        }
        node.punish(link, new Refusal(RejectReason.RATE_LIMITED, Offence.FLOODING, "fetch requests too fast"));
        return false;
    }

    private void onBatch(BulkBatch batch, int frameBytes) {
        if (batch.getRequestsCount() > MAX_BATCH_REQUESTS) {
            node.punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED, "a batch of "
                    + batch.getRequestsCount() + " requests, limit " + MAX_BATCH_REQUESTS));
            return;
        }
        if (batch.getRequestsCount() > 0 && !spend(frameBytes)) {
            return;
        }
        for (Chunk chunk : batch.getChunksList()) {
            receive(chunk);
        }
        if (batch.getRequestsCount() > 0) {
            serve(batch.getRequestsList());
        }
    }

    /**
     * Answers requests in their order: objects that fit go back whole, together, in batch frames of at most 1 MiB of
     * chunks; a larger one in chunk frames of its own, after the batch gathered so far.
     */
    private void serve(List<FetchRequest> requests) {
        for (FetchRequest request : requests) {
            if (request.getId().isEmpty() || request.getId().size() > PeerLink.MAX_ID_LENGTH) {
                node.punish(link, new Refusal(RejectReason.MALFORMED, Offence.MALFORMED,
                        "a fetch id has 1 to 64 bytes, got " + request.getId().size()));
                return;
            }
        }
        FrameStream out = open();
        if (out == null) {
            return;
        }
        BulkBatch.Builder answers = BulkBatch.newBuilder();
        int answerBytes = 0;
        for (FetchRequest request : requests) {
            Optional<byte[]> object = node.find(link.peerId(), request.getType(), request.getId().toByteArray());
            Chunk whole = null;
            if (object.isEmpty()) {
                whole = Chunk.newBuilder().setRequestId(request.getRequestId()).setNotFound(true).build();
            } else if (object.get().length <= P2pConfig.CHUNK_BYTES / 4) {
                whole = Chunk.newBuilder().setRequestId(request.getRequestId()).setTotalSize(object.get().length)
                        .setData(ByteString.copyFrom(object.get())).build();
            }
            if (whole != null && answerBytes + whole.getSerializedSize() + 8 <= BATCH_ANSWER_BYTES) {
                answers.addChunks(whole);
                answerBytes += whole.getSerializedSize() + 8;
                continue;
            }
            sendAnswers(out, answers);
            answers = BulkBatch.newBuilder();
            answerBytes = 0;
            if (whole != null) {
                answers.addChunks(whole);
                answerBytes = whole.getSerializedSize() + 8;
            } else {
                sendInChunks(out, request.getRequestId(), object.get());
            }
        }
        sendAnswers(out, answers);
    }

    private static void sendAnswers(FrameStream out, BulkBatch.Builder answers) {
        if (answers.getChunksCount() == 1) {
            out.send(BulkFrame.newBuilder().setChunk(answers.getChunks(0)).build().toByteArray());
        } else if (answers.getChunksCount() > 1) {
            out.send(BulkFrame.newBuilder().setBatch(answers).build().toByteArray());
        }
    }

    private static void sendInChunks(FrameStream out, long requestId, byte[] data) {
        int offset = 0;
        do {
            int length = Math.min(P2pConfig.CHUNK_BYTES, data.length - offset);
            out.send(BulkFrame.newBuilder().setChunk(Chunk.newBuilder().setRequestId(requestId)
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
        } else if (transfer.count + chunk.getData().size() > total) {
            problem = "more bytes than the declared " + total;
        }
        if (problem != null) {
            transfers.remove(chunk.getRequestId());
            transfer.done.completeExceptionally(new PeerRefusedException(RejectReason.OVERSIZED, problem));
            node.punish(link, new Refusal(RejectReason.OVERSIZED, Offence.OVERSIZED, problem));
            return;
        }
        transfer.declared = total;
        transfer.count += chunk.getData().size();
        if (!transfer.dropped()) {
            transfer.received.writeBytes(chunk.getData().toByteArray());
        }
        if (transfer.count == total) {
            transfers.remove(chunk.getRequestId());
            if (!transfer.dropped()) {
                transfer.done.complete(transfer.received.toByteArray());
            }
        } else if (!transfer.dropped()) {
            transfer.progress.arrived(total, transfer.count);
        }
    }

    /** The attached stream, or null while none is (or the link closed before one was). */
    FrameStream open() {
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
