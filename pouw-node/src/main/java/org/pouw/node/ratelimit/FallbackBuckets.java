package org.pouw.node.ratelimit;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicLong;
import org.pouw.core.Clock;

/**
 * Shared Redis buckets that survive losing Redis (issue 18): while Redis fails, each node limits on its own with
 * local buckets at the configured rate divided by {@code rate_limits.nodes}, so the nodes together still admit about
 * the configured rate — the gate neither opens wide nor closes on everyone, and Redis is no single point of failure.
 * The fallback buckets start with one refill's worth, not full. The switch is an alert: the state gauge
 * {@code pouw_rate_limit_store_state{state="fallback"}} reads 1, {@code pouw_rate_limit_store_fallbacks_total} counts
 * the switches, and the log says why.
 *
 * <p>While on the fallback, one request every {@code retryMs} tries Redis again (and checks its eviction policy); the
 * others do not wait on a dead server. Back on Redis, the fallback buckets are dropped.
 */
public final class FallbackBuckets implements BucketStore {
    private static final Logger LOG = System.getLogger(FallbackBuckets.class.getName());

    /** Where the buckets are read now; the label values of {@code pouw_rate_limit_store_state}. */
    public enum State {
        SHARED, FALLBACK;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final RedisBuckets shared;
    private final LocalBuckets fallback;
    private final int nodes;
    private final Clock clock;
    private final long retryMs;
    private final AtomicLong nextTryAt = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private volatile State state = State.SHARED;

    public FallbackBuckets(RedisBuckets shared, LocalBuckets fallback, int nodes, Clock clock, long retryMs) {
        this.shared = shared;
        this.fallback = fallback;
        this.nodes = nodes;
        this.clock = clock;
        this.retryMs = retryMs;
    }

    /**
     * Connects and checks the server's eviction policy, refusing to start on an evicting Redis (a configuration
     * error, named). An unreachable Redis is not refused: the node starts on its fallback buckets and keeps trying.
     */
    public FallbackBuckets start() {
        try {
            shared.checkServer();
        } catch (RedisUnavailableException e) {
            fellBack(e.getMessage());
        }
        return this;
    }

    @Override
    public Take take(String key, BucketSpec spec, long cost) {
        if (useShared()) {
            try {
                Take take = shared.take(key, spec, cost);
                recovered();
                return take;
            } catch (RedisUnavailableException e) {
                fellBack(e.getMessage());
            }
        }
        return fallback.take(key, spec.perNode(nodes), cost).onFallback();
    }

    @Override
    public void charge(String key, BucketSpec spec, long cost) {
        if (useShared()) {
            try {
                shared.charge(key, spec, cost);
                recovered();
                return;
            } catch (RedisUnavailableException e) {
                fellBack(e.getMessage());
            }
        }
        fallback.charge(key, spec.perNode(nodes), cost);
    }

    public State state() {
        return state;
    }

    /** How many times the node switched to its fallback buckets since it started. */
    public long fallbacks() {
        return fallbacks.get();
    }

    /** On Redis unless fallen back; while fallen back, true for the one caller whose turn it is to try Redis. */
    private boolean useShared() {
        if (state == State.SHARED) {
            return true;
        }
        long due = nextTryAt.get();
        long now = clock.millis();
        if (now < due || !nextTryAt.compareAndSet(due, now + retryMs)) {
            return false;
        }
        try {
            shared.checkServer();
            return true;
        } catch (RedisUnavailableException e) {
            return false;
        } catch (IllegalStateException evicting) {
            LOG.log(Level.ERROR, "rate limits: staying on local fallback buckets: " + evicting.getMessage());
            return false;
        }
    }

    private void fellBack(String why) {
        nextTryAt.set(clock.millis() + retryMs);
        if (state == State.SHARED) {
            synchronized (this) {
                if (state == State.SHARED) {
                    state = State.FALLBACK;
                    fallbacks.incrementAndGet();
                    LOG.log(Level.WARNING, "rate limits: Redis lost (" + why + "); each node now limits alone at 1/"
                            + nodes + " of the configured rates, trying Redis again every " + retryMs + " ms");
                }
            }
        }
    }

    private void recovered() {
        if (state == State.FALLBACK) {
            synchronized (this) {
                if (state == State.FALLBACK) {
                    state = State.SHARED;
                    fallback.clear();
                    LOG.log(Level.WARNING, "rate limits: Redis at " + shared.url() + " is back; shared buckets"
                            + " in use again");
                }
            }
        }
    }

    @Override
    public void close() {
        shared.close();
    }
}
