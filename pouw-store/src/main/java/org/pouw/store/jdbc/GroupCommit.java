package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.pouw.store.ConnectionGate;

/**
 * Runs the requests of concurrent callers together, several to one write transaction, each caller still getting
 * its own answer: for a database with a single writer (SQLite), where every transaction pays its BEGIN, its COMMIT
 * and a hand-over of the writer between threads, however little it writes.
 *
 * <p>How: a caller queues its request; if no batch is running it becomes the leader, otherwise it waits. The leader
 * takes up to {@code maxBatch} queued requests, runs them with {@code batch} (one transaction) and answers each, until
 * its own request is answered and then for at most {@link #EXTRA_BATCHES} more while a batch as large as the last is
 * queued; then it hands the lead to the oldest request still queued and returns. Requests that arrive while a batch
 * runs form the next one; before a batch holding its own request runs, the leader waits for as many as the last
 * batch held, at most {@link #LINGER_NANOS} (a lone caller runs at once, alone), and no leader keeps leading for
 * others forever. A caller is answered only after its batch returned (committed); if the batch throws, every request
 * in it gets that failure, and nothing of it was committed. At most {@code maxWaiting} requests wait; beyond that a
 * caller is refused as busy, as the storage's own writer line refuses (issue 18 defect 7).
 *
 * @param <Q> a request
 * @param <A> its answer
 */
final class GroupCommit<Q, A> {
    /** Batches a leader runs for others after its own request is answered, before it hands the lead on. */
    static final int EXTRA_BATCHES = 4;
    /** The most a leader waits for company before it runs what is queued: the latency a grouped caller may add. */
    static final long LINGER_NANOS = 2_000_000;
    private final Function<List<Q>, List<A>> batch;
    private final int maxBatch;
    private final Semaphore waiting;
    private final int maxWaiting;
    private final long lingerNanos;
    private final ConcurrentLinkedQueue<Pending<Q, A>> queue = new ConcurrentLinkedQueue<>();
    /** Held by exactly one caller while it leads; passed on by {@link #handOff} without being let go. */
    private final AtomicBoolean leading = new AtomicBoolean();
    private final LongAdder batches = new LongAdder();
    /** Callers whose request is queued or running: counted once queued, so a count seen is a queue that exists. */
    private final AtomicInteger inLine = new AtomicInteger();
    /** Requests in the last batch; only the leader reads and writes it, and the lead passes with a happens-before. */
    private int lastBatchSize;
    /** The leader while it waits for company, for an arrival to wake once the queue holds {@link #lingerFor}. */
    private volatile Thread lingering;
    private volatile int lingerFor;

    /**
     * @param batch runs its requests in one transaction and returns their answers in the same order; it may be run
     *              again on the same requests (a transient retry), so it keeps no state between runs
     */
    GroupCommit(Function<List<Q>, List<A>> batch, int maxBatch, int maxWaiting) {
        this(batch, maxBatch, maxWaiting, LINGER_NANOS);
    }

    /** As above, waiting for company at most {@code lingerNanos} (tests set it long, so no timing decides them). */
    GroupCommit(Function<List<Q>, List<A>> batch, int maxBatch, int maxWaiting, long lingerNanos) {
        if (maxBatch < 1 || maxWaiting < 1 || lingerNanos < 0) {
            throw new IllegalArgumentException("a group commit needs maxBatch >= 1, maxWaiting >= 1 and lingerNanos "
                    + ">= 0, got " + maxBatch + ", " + maxWaiting + " and " + lingerNanos);
        }
        this.lingerNanos = lingerNanos;
        this.batch = batch;
        this.maxBatch = maxBatch;
        this.waiting = new Semaphore(maxWaiting);
        this.maxWaiting = maxWaiting;
    }

    /** Runs {@code request} in the next batch and returns its answer; rethrows the batch's failure. */
    A run(Q request) {
        if (!waiting.tryAcquire()) {
            throw ConnectionGate.busy(maxWaiting + " redemption writes already wait for the database");
        }
        try {
            Pending<Q, A> mine = new Pending<>(request);
            queue.add(mine);
            inLine.incrementAndGet();
            Thread leader = lingering;
            if (leader != null && queue.size() >= lingerFor) {
                LockSupport.unpark(leader);
            }
            boolean lead = leading.compareAndSet(false, true);
            while (!lead && !mine.answered) {
                lead = mine.wake.join(); // true: the lead was handed to this caller; false: answered
            }
            if (lead) {
                try {
                    // Until this request is answered (the queue is FIFO and holds it, so that ends), then on while
                    // a batch as large as the last one is queued, for a few batches: waking the next leader costs a
                    // thread switch, which on a busy machine is longer than a batch. Only a batch holding this
                    // request waits for company; after it, the lead passes to a caller whose own answer waits.
                    int extra = 0;
                    while (!mine.answered || (extra++ < EXTRA_BATCHES && queue.size() >= wantedBatch())) {
                        runOneBatch(!mine.answered);
                    }
                } finally {
                    handOff();
                }
            }
            return mine.result();
        } finally {
            inLine.decrementAndGet();
            waiting.release();
        }
    }

    /** Transactions run so far: fewer than requests when callers were grouped. */
    long batches() {
        return batches.sum();
    }

    /** Callers queued or running now (one admitted but not yet queued is not counted). */
    int inLine() {
        return inLine.get();
    }

    private void runOneBatch(boolean mayWait) {
        if (mayWait) {
            awaitCompany();
        }
        List<Pending<Q, A>> taken = new ArrayList<>(Math.min(maxBatch, 64));
        for (Pending<Q, A> next; taken.size() < maxBatch && (next = queue.poll()) != null; ) {
            taken.add(next);
        }
        if (taken.isEmpty()) {
            return;
        }
        List<Q> requests = new ArrayList<>(taken.size());
        taken.forEach(p -> requests.add(p.request));
        batches.increment();
        lastBatchSize = taken.size();
        List<A> answers;
        try {
            answers = batch.apply(requests);
            if (answers.size() != taken.size()) {
                throw new IllegalStateException("a batch of " + taken.size() + " answered " + answers.size());
            }
        } catch (RuntimeException | Error e) {
            taken.forEach(p -> p.fail(e));
            return;
        }
        for (int i = 0; i < taken.size(); i++) {
            taken.get(i).answer(answers.get(i));
        }
    }

    /**
     * The bounded wait: until as many requests are queued as the last batch held, or the linger bound passed.
     * On a machine with few cores the callers' own work before they queue (a receipt's signature check, its HTTP)
     * keeps the cores busy, so they arrive a few at a time; a batch run at once then holds two or three, and each
     * pays a transaction's BEGIN, COMMIT and pages written. Waiting costs no CPU (the leader parks and the callers
     * keep working); it makes the batch as large as the last one was. The size adapts: the leader takes everything
     * queued when it wakes, so batches grow while callers keep coming, up to the crowd there is (a crowd of callers
     * each waiting for its answer is all queued at once, so it is never waited for past its size); the wait's bound
     * cuts a batch when fewer come, and the next one wants only that many. A lone caller, or one after a batch of
     * one, never waits.
     */
    private void awaitCompany() {
        int wanted = wantedBatch();
        if (wanted < 2 || queue.size() >= wanted) {
            return;
        }
        long deadline = System.nanoTime() + lingerNanos;
        lingerFor = wanted;
        lingering = Thread.currentThread();
        try {
            for (long left; queue.size() < wanted && (left = deadline - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(this, left);
            }
        } finally {
            lingering = null;
        }
    }

    /** As many requests as the last batch held (at least one, at most a batch). */
    private int wantedBatch() {
        return Math.max(1, Math.min(lastBatchSize, maxBatch));
    }

    /**
     * Passes the lead to the oldest queued request, or lets it go when none is queued. Looks once more after letting
     * go: a request queued in between found the lead taken and waits, and would otherwise wait for nobody.
     */
    private void handOff() {
        Pending<Q, A> next = queue.peek();
        if (next != null) {
            next.wake.complete(true);
            return;
        }
        leading.set(false);
        next = queue.peek();
        if (next != null && leading.compareAndSet(false, true)) {
            next.wake.complete(true);
        }
    }

    private static final class Pending<Q, A> {
        final Q request;
        /** Completed with true to hand this caller the lead, or false once it is answered. */
        final CompletableFuture<Boolean> wake = new CompletableFuture<>();
        volatile boolean answered;
        private A answer;
        private Throwable failure;

        Pending(Q request) {
            this.request = request;
        }

        void answer(A value) {
            answer = value;
            answered = true; // the volatile write publishes the answer
            wake.complete(false);
        }

        void fail(Throwable e) {
            failure = e;
            answered = true;
            wake.complete(false);
        }

        A result() {
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            return answer;
        }
    }
}
