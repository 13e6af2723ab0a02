package org.pouw.chain.net;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.pouw.chain.task.DatasetId;

/**
 * Fetches a whole dataset from peers by {@code get_blob} ranges (docs/network.md §4, "Blobs"): the records in ranges
 * of {@code recordsPerRange}, at most two ranges in flight per peer, each answer proven against the dataset's root
 * before it counts ({@link ProvenRecords}). A peer whose answer does not prove is a liar: it is reported (the
 * transport bans it; honest bytes always verify) and its range asked of another peer. A peer that does not answer
 * within {@code rangeTimeout} is a staller: reported (the transport may replace it), left out, its range asked
 * elsewhere. A peer that says it does not hold the dataset is left out at no cost. The fetch fails, naming the range,
 * only when no peer is left to ask.
 */
public final class BlobFetch {
    /** How a range is asked of a peer: the transport's bulk fetch of {@link BlobRange#id()}. */
    public interface Source {
        CompletableFuture<byte[]> ask(PeerId peer, BlobRange range);
    }

    /** What the fetch tells the transport of the peers that failed it. */
    public interface Faults {
        /** The peer's answer did not prove: bytes no honest peer sends. */
        void lied(PeerId peer, String why);

        /** The peer did not answer in time. */
        void stalled(PeerId peer, String why);
    }

    private static final int IN_FLIGHT_PER_PEER = 2;

    private final DatasetId dataset;
    private final int recordsPerRange;
    private final Duration rangeTimeout;
    private final Source source;
    private final Faults faults;
    private final CompletableFuture<List<byte[]>> done = new CompletableFuture<>();
    private final Deque<Long> waiting = new ArrayDeque<>();
    private final Map<Long, List<byte[]>> fetched = new TreeMap<>();
    private final Set<PeerId> usable = new LinkedHashSet<>();
    private final Map<PeerId, Integer> inFlight = new java.util.HashMap<>();
    private final long ranges;

    public BlobFetch(DatasetId dataset, int recordsPerRange, Duration rangeTimeout, Source source, Faults faults) {
        if (recordsPerRange < 1 || recordsPerRange > BlobRange.MAX_RECORDS) {
            throw new IllegalArgumentException("records per range must be 1 to " + BlobRange.MAX_RECORDS + ", got "
                    + recordsPerRange);
        }
        if (rangeTimeout == null || !rangeTimeout.isPositive()) {
            throw new IllegalArgumentException("the range timeout must be > 0, got " + rangeTimeout);
        }
        if (dataset.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("datasets of more than 2^31 - 1 records are not served by range");
        }
        this.dataset = dataset;
        this.recordsPerRange = recordsPerRange;
        this.rangeTimeout = rangeTimeout;
        this.source = source;
        this.faults = faults;
        this.ranges = (dataset.size() + recordsPerRange - 1) / recordsPerRange;
    }

    /** Starts asking {@code peers}; completes with every record in order, or fails when no peer is left. */
    public CompletableFuture<List<byte[]>> fetch(List<PeerId> peers) {
        synchronized (this) {
            if (!usable.isEmpty() || !fetched.isEmpty() || done.isDone()) {
                throw new IllegalStateException("a blob fetch runs once");
            }
            usable.addAll(peers);
            for (long range = 0; range < ranges; range++) {
                waiting.add(range);
            }
        }
        dispatch();
        return done;
    }

    private void dispatch() {
        List<Runnable> asks = new ArrayList<>();
        synchronized (this) {
            if (done.isDone()) {
                return;
            }
            if (usable.isEmpty()) {
                if (!waiting.isEmpty() && inFlight.values().stream().allMatch(n -> n == 0)) {
                    done.completeExceptionally(new NoSuchElementException("no peer left to ask for records from "
                            + waiting.peekFirst() * recordsPerRange + " of dataset " + dataset.hash().hex()));
                }
                return;
            }
            for (PeerId peer : usable) {
                while (!waiting.isEmpty() && inFlight.getOrDefault(peer, 0) < IN_FLIGHT_PER_PEER) {
                    long range = waiting.pollFirst();
                    inFlight.merge(peer, 1, Integer::sum);
                    asks.add(() -> ask(peer, range));
                }
            }
        }
        asks.forEach(Runnable::run);     // outside the lock: a source may answer on this thread
    }

    private void ask(PeerId peer, long index) {
        long first = index * recordsPerRange;
        int count = (int) Math.min(recordsPerRange, dataset.size() - first);
        BlobRange range = new BlobRange(dataset.hash(), first, count);
        CompletableFuture<byte[]> answer;
        try {
            answer = source.ask(peer, range);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(rangeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((bytes, failure) -> answered(peer, index, range, bytes, failure));
    }

    private void answered(PeerId peer, long index, BlobRange range, byte[] bytes, Throwable failure) {
        List<byte[]> records = null;
        String lie = null;
        if (failure == null) {
            try {
                records = ProvenRecords.verify(dataset, range, bytes);
            } catch (BlobProofException e) {
                lie = e.getMessage();
            }
        }
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        synchronized (this) {
            inFlight.merge(peer, -1, Integer::sum);
            if (records != null) {
                fetched.put(index, records);
            } else {
                waiting.addFirst(index);
                usable.remove(peer);
            }
            if (fetched.size() == ranges && !done.isDone()) {
                List<byte[]> all = new ArrayList<>((int) dataset.size());
                fetched.values().forEach(all::addAll);
                done.complete(all);
                return;
            }
        }
        if (lie != null) {
            faults.lied(peer, "get_blob " + range.first() + "+" + range.count() + ": " + lie);
        } else if (cause instanceof TimeoutException) {
            faults.stalled(peer, "get_blob " + range.first() + "+" + range.count() + ": no answer within "
                    + rangeTimeout.toMillis() + " ms");
        }
        dispatch();
    }
}
