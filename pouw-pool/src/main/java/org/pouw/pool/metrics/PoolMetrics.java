package org.pouw.pool.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.share.ShareReason;

/**
 * The pool's own metrics (issue 23 §6; docs/pool.md §6a), served as Prometheus text on {@code GET /metrics}. No
 * series carries a miner: 10,000 miners make no more series than one.
 * <ul>
 *   <li>{@code pouw_pool_shares_accepted_total}, {@code pouw_pool_shares_rejected_total{reason}} (the share reasons
 *       of docs/pool.md §3, and {@code unavailable} when the share ledger did not answer);</li>
 *   <li>{@code pouw_pool_share_difficulty_log2} — a histogram of the credited difficulty's log2, buckets every 4
 *       bits, so the distribution of work reads without one series per value;</li>
 *   <li>{@code pouw_pool_miners_active} (an accepted share in the last 10 minutes) and {@code pouw_pool_miners_known}
 *       (proven miners the pool keeps vardiff and reputation for);</li>
 *   <li>{@code pouw_pool_hashrate_estimate} — expected hashes per second over the last minute.</li>
 * </ul>
 */
public final class PoolMetrics {
    /** How recent a miner's last accepted share must be for it to count as active. */
    public static final long ACTIVE_WINDOW_MS = 10 * 60_000L;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Clock clock;
    private final Counter accepted;
    private final Map<ShareReason, Counter> rejected = new EnumMap<>(ShareReason.class);
    private final Counter unavailable;
    private final DistributionSummary workLog2;
    private final ActiveMiners active = new ActiveMiners(ACTIVE_WINDOW_MS);
    private final HashRateWindow hashRate = new HashRateWindow();
    private final RecentDifficulties recentDifficulties = new RecentDifficulties();

    public PoolMetrics(Miners miners, Clock clock) {
        this.clock = clock;
        accepted = Counter.builder("pouw_pool_shares_accepted").description("shares accepted and attested")
                .register(registry);
        for (ShareReason reason : ShareReason.values()) {
            rejected.put(reason, rejectedCounter(reason.code()));
        }
        unavailable = rejectedCounter("unavailable");
        double[] buckets = new double[16];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = 4.0 * (i + 1);
        }
        workLog2 = DistributionSummary.builder("pouw_pool_share_difficulty_log2")
                .description("log2 of each accepted share's credited difficulty (expected hashes)")
                .serviceLevelObjectives(buckets).register(registry);
        Gauge.builder("pouw_pool_miners_active", this, m -> m.active.count(m.clock.millis()))
                .description("miners with an accepted share in the last 10 minutes").register(registry);
        Gauge.builder("pouw_pool_miners_known", miners, Miners::count)
                .description("proven miners with vardiff and reputation kept").register(registry);
        Gauge.builder("pouw_pool_hashrate_estimate", this, m -> m.hashRate.perSecond(m.clock.millis()))
                .description("expected hashes per second of accepted shares over the last minute").register(registry);
    }

    /** {@code pouw_pool_stratum_connections}: Stratum connections held now (issue 23 §6: miners connected). */
    public void stratumConnections(java.util.function.IntSupplier connections) {
        Gauge.builder("pouw_pool_stratum_connections", connections, c -> c.getAsInt())
                .description("Stratum connections held now").register(registry);
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("pouw_pool_shares_rejected").description("shares refused, by reason")
                .tag("reason", reason).register(registry);
    }

    public void accepted(String miner, long creditedDifficulty) {
        long now = clock.millis();
        accepted.increment();
        workLog2.record(StrictMath.log(creditedDifficulty) / StrictMath.log(2));
        active.accepted(miner, now);
        hashRate.add(now, creditedDifficulty);
        recentDifficulties.add(creditedDifficulty);
    }

    public void refused(ShareReason reason) {
        rejected.get(reason).increment();
    }

    public void unavailable() {
        unavailable.increment();
    }

    /** The Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }

    public long acceptedCount() {
        return (long) accepted.count();
    }

    /** Refusals by reason code, the ledger's outages as {@code unavailable}; only reasons that happened. */
    public Map<String, Long> rejectedCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        rejected.forEach((reason, counter) -> {
            if (counter.count() > 0) {
                counts.put(reason.code(), (long) counter.count());
            }
        });
        if (unavailable.count() > 0) {
            counts.put("unavailable", (long) unavailable.count());
        }
        return counts;
    }

    public int activeMiners() {
        return active.count(clock.millis());
    }

    public double hashRatePerSecond() {
        return hashRate.perSecond(clock.millis());
    }

    /**
     * The credited difficulty of the last (at most 1,024) accepted shares: {@code shares}, {@code p50}, {@code p99}
     * and {@code max}, nearest rank; all zero before the first share.
     */
    public Map<String, Long> recentDifficulty() {
        RecentDifficulties.Summary summary = recentDifficulties.summary();
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        out.put("shares", (long) summary.shares());
        out.put("p50", summary.p50());
        out.put("p99", summary.p99());
        out.put("max", summary.max());
        return out;
    }

    /** The most recently active miners, at most {@code limit}, with their last accepted share's time. */
    public List<Map.Entry<String, Long>> recentMiners(int limit) {
        return active.recent(clock.millis(), limit);
    }
}
