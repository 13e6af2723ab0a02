package org.pouw.p2p;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Items to send on one stream, sent by the thread that offers them unless another thread is sending already (that
 * thread then takes them along with its next send) or the offering thread is inside {@link #together}, which sends
 * what it offered when it ends. An idle stream so sends at once, with no hand-off to another thread; a busy one, or
 * the handling of one frame that names many objects, sends few large frames instead of one per item. One frame per
 * item cost a gRPC message and a TLS record at each end, and on a loaded machine each thread hand-off waited for a
 * core: that held transaction relay to a few hundred a second (docs/p2p.md, "Batching").
 */
final class SendCoalescer<T> {
    /** The coalescers the current thread holds back inside {@link #together}; null outside it. */
    private static final ThreadLocal<Set<SendCoalescer<?>>> HELD = new ThreadLocal<>();

    private final Consumer<List<T>> send;
    private List<T> waiting = new ArrayList<>();
    private boolean sending;
    private int holds;

    /** {@code send} gets each batch in the order the items came; it is never called by two threads at once. */
    SendCoalescer(Consumer<List<T>> send) {
        this.send = send;
    }

    /**
     * Runs {@code work}, holding back what it offers to any coalescer until it ends, then sends each coalescer's items
     * as one batch. Nested calls hold until the outermost ends.
     */
    static void together(Runnable work) {
        if (HELD.get() != null) {
            work.run();
            return;
        }
        Set<SendCoalescer<?>> held = new LinkedHashSet<>();
        HELD.set(held);
        try {
            work.run();
        } finally {
            HELD.remove();
            RuntimeException failed = null;
            for (SendCoalescer<?> coalescer : held) {
                try {
                    coalescer.release();
                } catch (RuntimeException e) {
                    failed = failed == null ? e : failed;
                }
            }
            if (failed != null) {
                throw failed;
            }
        }
    }

    void offer(T item) {
        Set<SendCoalescer<?>> held = HELD.get();
        synchronized (this) {
            waiting.add(item);
            if (held != null && held.add(this)) {
                holds++;
            }
            if (sending || holds > 0) {
                return;
            }
            sending = true;
        }
        drain();
    }

    private void release() {
        synchronized (this) {
            holds--;
            if (sending || holds > 0 || waiting.isEmpty()) {
                return;
            }
            sending = true;
        }
        drain();
    }

    private void drain() {
        while (true) {
            List<T> batch;
            synchronized (this) {
                if (waiting.isEmpty()) {
                    sending = false;
                    return;
                }
                batch = waiting;
                waiting = new ArrayList<>();
            }
            try {
                send.accept(batch);
            } catch (RuntimeException e) {
                synchronized (this) {
                    sending = false;
                }
                throw e;
            }
        }
    }
}
