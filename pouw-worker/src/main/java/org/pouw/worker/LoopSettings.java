package org.pouw.worker;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pouw.core.job.Tier;
import org.pouw.core.job.WorkerCapacity;

/**
 * How the worker loop paces itself, whichever market it works for; checked once when built (each message names the
 * setting) and immutable after. {@code pouw worker} holds them in its {@link WorkerOptions}; the node builds its own
 * for its in-process workers. Defaults live in {@link #defaults()}.
 *
 * @param tiers          tiers to claim ({@code micro}, {@code macro}, {@code full}); empty claims any
 * @param concurrency    jobs worked at the same time
 * @param leaseMs        lease length asked for on claim and on each renew
 * @param shutdownGrace  on stop, how long jobs in hand may run on before they are handed back
 * @param requestTimeout the longest one market call may take; bounds how long a stop waits for the last reports
 * @param retryInitial   first delay after the market could not be reached (or was overloaded)
 * @param retryMax       cap on that delay as it doubles
 * @param idleInitial    first delay after the market had no job to give
 * @param idleMax        cap on the idle polling delay
 * @param minReward      the worker's ask: the least reward a job must pay to be offered to it (issue 27); 0 takes any
 * @param capacity       what the worker declares it can run: memory and largest job (issue 27); undeclared filters
 *                       nothing
 */
public record LoopSettings(
        List<String> tiers,
        int concurrency,
        long leaseMs,
        Duration shutdownGrace,
        Duration requestTimeout,
        Duration retryInitial,
        Duration retryMax,
        Duration idleInitial,
        Duration idleMax,
        long minReward,
        WorkerCapacity capacity) {

    public static final int DEFAULT_CONCURRENCY = 1;
    public static final long DEFAULT_LEASE_MS = 60_000;
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_INITIAL = Duration.ofMillis(500);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_INITIAL = Duration.ofMillis(200);
    public static final Duration DEFAULT_IDLE_MAX = Duration.ofSeconds(5);

    /** Renewing every third of a lease leaves room for one failed renewal before it runs out. */
    static final int RENEWALS_PER_LEASE = 3;

    public LoopSettings {
        tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers must be set"));
        for (String tier : tiers) {
            if (Arrays.stream(Tier.values()).noneMatch(known -> known.wire().equals(tier))) {
                throw new IllegalArgumentException("tiers: unknown tier '" + tier
                        + "' (expected micro, macro or full)");
            }
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (leaseMs < RENEWALS_PER_LEASE) {
            throw new IllegalArgumentException("lease_ms must be >= " + RENEWALS_PER_LEASE + ", got " + leaseMs);
        }
        requireNonNegative("shutdown_grace", shutdownGrace);
        requirePositive("request_timeout", requestTimeout);
        requirePositive("retry_initial", retryInitial);
        requirePositive("idle_initial", idleInitial);
        requireAtLeast("retry_max", retryMax, "retry_initial", retryInitial);
        requireAtLeast("idle_max", idleMax, "idle_initial", idleInitial);
        Objects.requireNonNull(capacity, "capacity must be set");
        if (minReward < 0) {
            throw new IllegalArgumentException("min_reward must be >= 0 (0 takes any job), got " + minReward);
        }
    }

    /** One worker on one machine: any tier, one job at a time, minute-long leases, patient retries. */
    public static LoopSettings defaults() {
        return new LoopSettings(List.of(), DEFAULT_CONCURRENCY, DEFAULT_LEASE_MS, DEFAULT_SHUTDOWN_GRACE,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_RETRY_INITIAL, DEFAULT_RETRY_MAX, DEFAULT_IDLE_INITIAL,
                DEFAULT_IDLE_MAX, 0, WorkerCapacity.UNDECLARED);
    }

    public LoopSettings withTiers(List<String> newTiers) {
        return new LoopSettings(newTiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withConcurrency(int newConcurrency) {
        return new LoopSettings(tiers, newConcurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial,
                retryMax, idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withLeaseMs(long newLeaseMs) {
        return new LoopSettings(tiers, concurrency, newLeaseMs, shutdownGrace, requestTimeout, retryInitial,
                retryMax, idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withShutdownGrace(Duration newGrace) {
        return new LoopSettings(tiers, concurrency, leaseMs, newGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withRequestTimeout(Duration newTimeout) {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, newTimeout, retryInitial, retryMax,
                idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withRetry(Duration initial, Duration max) {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, initial, max,
                idleInitial, idleMax, minReward, capacity);
    }

    public LoopSettings withIdlePolling(Duration initial, Duration max) {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                initial, max, minReward, capacity);
    }

    public LoopSettings withMinReward(long newMinReward) {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax, newMinReward, capacity);
    }

    public LoopSettings withCapacity(WorkerCapacity newCapacity) {
        return new LoopSettings(tiers, concurrency, leaseMs, shutdownGrace, requestTimeout, retryInitial, retryMax,
                idleInitial, idleMax, minReward, newCapacity);
    }

    /** How often a held lease is renewed. */
    long renewIntervalMs() {
        return leaseMs / RENEWALS_PER_LEASE;
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name + " must be set");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be > 0, got " + value);
        }
    }

    private static void requireNonNegative(String name, Duration value) {
        Objects.requireNonNull(value, name + " must be set");
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
    }

    private static void requireAtLeast(String name, Duration value, String floorName, Duration floor) {
        Objects.requireNonNull(value, name + " must be set");
        if (value.compareTo(floor) < 0) {
            throw new IllegalArgumentException(name + " (" + value + ") must be >= " + floorName + " (" + floor + ")");
        }
    }
}
