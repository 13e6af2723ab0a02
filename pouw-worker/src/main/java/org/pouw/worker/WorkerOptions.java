package org.pouw.worker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pouw.crypto.Ed25519;

/**
 * Everything {@code pouw worker} tells its {@link Worker}: the node to reach over HTTP, the identity to reach it as,
 * and the {@link LoopSettings} of the loop. Checked once when built (each message names the setting) and immutable
 * after. The CLI fills it from its flags; defaults live in {@link #defaults}.
 *
 * @param node               the node's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param key                the worker's identity; rewards are paid to its did:key
 * @param tiers              tiers to claim ({@code micro}, {@code macro}, {@code full}); empty claims any
 * @param concurrency        jobs worked at the same time
 * @param leaseMs            lease length asked for on claim and on each renew
 * @param shutdownGrace      on stop, how long jobs in hand may run on before they are handed back
 * @param requestTimeout     timeout of one HTTP call (connect and answer)
 * @param retryInitial       first delay after the node could not be reached (or was overloaded)
 * @param retryMax           cap on that delay as it doubles
 * @param idleInitial        first delay after the node had no job to give
 * @param idleMax            cap on the idle polling delay
 */
public record WorkerOptions(
        URI node,
        Ed25519.KeyPair key,
        List<String> tiers,
        int concurrency,
        long leaseMs,
        Duration shutdownGrace,
        Duration requestTimeout,
        Duration retryInitial,
        Duration retryMax,
        Duration idleInitial,
        Duration idleMax) {

    public static final int DEFAULT_CONCURRENCY = 1;
    public static final long DEFAULT_LEASE_MS = 60_000;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_INITIAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_IDLE_MAX = Duration.ofSeconds(5);

    /** Below this a lease could lapse inside one slow HTTP round trip. */
    public static final long MIN_LEASE_MS = 100;

    public WorkerOptions {
        Objects.requireNonNull(node, "node must be set");
        Objects.requireNonNull(key, "key must be set");
        String scheme = node.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || node.getHost() == null) {
            throw new IllegalArgumentException("node must be an http:// or https:// URL, got '" + node + "'");
        }
        if (leaseMs < MIN_LEASE_MS) {
            throw new IllegalArgumentException("lease_ms must be >= " + MIN_LEASE_MS + ", got " + leaseMs);
        }
        // The loop's own checks, once, in one place; the copy of the tiers is the one kept.
        tiers = new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax).tiers();
    }

    /** The defaults for everything but where the node is and who the worker is. */
    public static WorkerOptions defaults(URI node, Ed25519.KeyPair key) {
        return new WorkerOptions(node, key, List.of(), DEFAULT_CONCURRENCY, DEFAULT_LEASE_MS, DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX, DEFAULT_IDLE_INITIAL,
                DEFAULT_IDLE_MAX);
    }

    public WorkerOptions withTiers(List<String> newTiers) {
        return new WorkerOptions(node, key, newTiers, concurrency, leaseMs, shutdownGrace, requestTimeout,
                retryInitial, retryMax, idleInitial, idleMax);
    }

    public WorkerOptions withConcurrency(int newConcurrency) {
        return new WorkerOptions(node, key, tiers, newConcurrency, leaseMs, shutdownGrace, requestTimeout,
                retryInitial, retryMax, idleInitial, idleMax);
    }

    public WorkerOptions withLeaseMs(long newLeaseMs) {
        return new WorkerOptions(node, key, tiers, concurrency, newLeaseMs, shutdownGrace, requestTimeout,
                retryInitial, retryMax, idleInitial, idleMax);
    }

    public WorkerOptions withShutdownGrace(Duration newGrace) {
        return new WorkerOptions(node, key, tiers, concurrency, leaseMs, newGrace, requestTimeout,
                retryInitial, retryMax, idleInitial, idleMax);
    }

    public WorkerOptions withRequestTimeout(Duration newTimeout) {
        return new WorkerOptions(node, key, tiers, concurrency, leaseMs, shutdownGrace, newTimeout,
                retryInitial, retryMax, idleInitial, idleMax);
    }

    public WorkerOptions withRetry(Duration initial, Duration max) {
        return new WorkerOptions(node, key, tiers, concurrency, leaseMs, shutdownGrace, requestTimeout,
                initial, max, idleInitial, idleMax);
    }

    public WorkerOptions withIdlePolling(Duration initial, Duration max) {
        return new WorkerOptions(node, key, tiers, concurrency, leaseMs, shutdownGrace, requestTimeout,
                retryInitial, retryMax, initial, max);
    }

    /** The loop's part of these options: everything but where the node is and who the worker is. */
    public LoopSettings loop() {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax);
    }

    /** How often a held lease is renewed. */
    long renewIntervalMs() {
        return loop().renewIntervalMs();
    }
}
