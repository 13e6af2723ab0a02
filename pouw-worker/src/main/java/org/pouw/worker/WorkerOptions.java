package org.pouw.worker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pouw.crypto.Ed25519;

/**
 * Everything {@code pouw worker} tells its {@link Worker}: the node to reach over HTTP, the identity to reach it as,
 * and how the loop paces itself. Checked once when built (each message names the setting) and immutable after. The
 * CLI fills it from its flags; defaults live in {@link #defaults} and {@link LoopSettings#defaults()}.
 *
 * @param node the node's base URL, e.g. {@code http://127.0.0.1:8080}
 * @param key  the worker's identity; rewards are paid to its did:key
 * @param loop the loop's settings; over HTTP, {@code requestTimeout} is the timeout of one call (connect and answer)
 */
public record WorkerOptions(URI node, Ed25519.KeyPair key, LoopSettings loop) {
    /** Below this a lease could lapse inside one slow HTTP round trip. */
    public static final long MIN_LEASE_MS = 100;

    public WorkerOptions {
        Objects.requireNonNull(node, "node must be set");
        Objects.requireNonNull(key, "key must be set");
        Objects.requireNonNull(loop, "loop must be set");
        String scheme = node.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || node.getHost() == null) {
            throw new IllegalArgumentException("node must be an http:// or https:// URL, got '" + node + "'");
        }
        if (loop.leaseMs() < MIN_LEASE_MS) {
            throw new IllegalArgumentException("lease_ms must be >= " + MIN_LEASE_MS + ", got " + loop.leaseMs());
        }
    }

    /** The defaults for everything but where the node is and who the worker is. */
    public static WorkerOptions defaults(URI node, Ed25519.KeyPair key) {
        return new WorkerOptions(node, key, LoopSettings.defaults());
    }

    public List<String> tiers() {
        return loop.tiers();
    }

    public int concurrency() {
        return loop.concurrency();
    }

    public Duration shutdownGrace() {
        return loop.shutdownGrace();
    }

    public Duration requestTimeout() {
        return loop.requestTimeout();
    }

    public WorkerOptions withTiers(List<String> newTiers) {
        return new WorkerOptions(node, key, loop.withTiers(newTiers));
    }

    public WorkerOptions withConcurrency(int newConcurrency) {
        return new WorkerOptions(node, key, loop.withConcurrency(newConcurrency));
    }

    public WorkerOptions withLeaseMs(long newLeaseMs) {
        return new WorkerOptions(node, key, loop.withLeaseMs(newLeaseMs));
    }

    public WorkerOptions withShutdownGrace(Duration newGrace) {
        return new WorkerOptions(node, key, loop.withShutdownGrace(newGrace));
    }

    public WorkerOptions withRequestTimeout(Duration newTimeout) {
        return new WorkerOptions(node, key, loop.withRequestTimeout(newTimeout));
    }

    public WorkerOptions withRetry(Duration initial, Duration max) {
        return new WorkerOptions(node, key, loop.withRetry(initial, max));
    }

    public WorkerOptions withIdlePolling(Duration initial, Duration max) {
        return new WorkerOptions(node, key, loop.withIdlePolling(initial, max));
    }

    public WorkerOptions withMinReward(long newMinReward) {
        return new WorkerOptions(node, key, loop.withMinReward(newMinReward));
    }

    public WorkerOptions withCapacity(org.pouw.core.job.WorkerCapacity newCapacity) {
        return new WorkerOptions(node, key, loop.withCapacity(newCapacity));
    }

    /** How often a held lease is renewed. */
    long renewIntervalMs() {
        return loop.renewIntervalMs();
    }
}
