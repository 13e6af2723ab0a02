package org.pouw.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Whether the database is known to answer, so that an outage costs a caller nothing but a 503. Without it every
 * request (readiness included) waited out the pool's full connection timeout, five seconds, before failing: a node
 * whose database is gone then ties up a thread and a request's memory per caller for nothing.
 *
 * <p>The state turns down on the first failure a request reports ({@link #failed}) or a probe sees, and up again
 * only when a probe succeeds. The probe runs on its own daemon thread every {@link #PROBE_INTERVAL_MS}, on its own
 * connection (never one of the pools', which a busy node may have all in use), so a busy database is not mistaken
 * for a missing one and recovery is seen without any request having to gamble on it.
 */
public final class StoreHealth implements AutoCloseable {
    /** Short enough that an outage and a recovery are both seen within about a second. */
    public static final long PROBE_INTERVAL_MS = 500;
    private static final Logger LOG = System.getLogger(StoreHealth.class.getName());

    /** One look at the database: returns normally when it answers, throws saying why when it does not. */
    @FunctionalInterface
    public interface Probe {
        void check() throws Exception;
    }

    private final String database;
    private final Probe probe;
    private final ScheduledExecutorService prober;
    private volatile String downBecause;

    /** Starts probing {@code database} (named in messages) at once. */
    public StoreHealth(String database, Probe probe) {
        this.database = database;
        this.probe = probe;
        this.prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pouw-store-health");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probeOnce, PROBE_INTERVAL_MS, PROBE_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** True unless the last failure seen has not been followed by a successful probe. Does no I/O. */
    public boolean isUp() {
        return downBecause == null;
    }

    /** Fails fast, before a call takes a place in line or a connection, while the database is known down. */
    public void checkUp() {
        String why = downBecause;
        if (why != null) {
            throw new DatabaseUnreachableException("the " + database + " database is unreachable (" + why
                    + "); retry shortly");
        }
    }

    /** A request saw the database fail to answer: later calls fail fast until a probe succeeds. */
    public void failed(String why) {
        if (downBecause == null) {
            LOG.log(Level.WARNING, "the {0} database is unreachable: {1}", database, why);
        }
        downBecause = why == null ? "no reason given" : why;
    }

    /** Runs the probe now; the background thread calls it, and so may a test that cannot wait. */
    public void probeOnce() {
        try {
            probe.check();
            if (downBecause != null) {
                LOG.log(Level.INFO, "the {0} database answers again", database);
                downBecause = null;
            }
        } catch (Exception e) {
            failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
