package org.pouw.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.QueueStats;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.port.Storage;

/**
 * The node's Prometheus metrics ({@code /v1/pouw/metrics}): the job lifecycle by kind and reason, lease expiries
 * apart from proof failures, queue depth by status, proof verification time, rewards, HTTP and JVM metrics.
 */
public final class NodeMetrics implements MarketObserver {
    private static final long QUEUE_REFRESH_MS = 1000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter claimed;
    private final Counter rewards;
    private final Counter leaseExpiries;
    private final AtomicReference<QueueStats> queue = new AtomicReference<>(new QueueStats(0, 0, 0, 0, 0, 0));
    private volatile long queueReadAtMs;
    private final Storage storage;
    /** Meters by their tags, so the hot path does not rebuild and look up a meter on every event. */
    private final java.util.Map<String, Timer> httpTimers = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Counter> counters = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Timer> verifyTimers = new java.util.concurrent.ConcurrentHashMap<>();

    public NodeMetrics(Storage storage) {
        this.storage = storage;
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        claimed = Counter.builder("pouw_jobs_claimed").description("jobs handed out under a lease")
                .register(registry);
        rewards = Counter.builder("pouw_rewards_paid").description("base units paid to provers")
                .register(registry);
        leaseExpiries = Counter.builder("pouw_lease_expiries").description("leases that ran out before a result")
                .register(registry);
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("pouw_queue_depth", this, m -> m.queueStats().count(status))
                    .description("jobs by status").tag("status", status.wire()).register(registry);
        }
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one HTTP exchange under its route template (never the raw path, to keep label counts bounded). */
    public void httpRequest(String method, String route, int status, long nanos) {
        httpTimers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("http_server_requests")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    @Override
    public void jobsCreated(String kind, int count) {
        // Exposed as "posted": the Prometheus exposition reserves the _created suffix for creation timestamps.
        counter("pouw_jobs_posted", "kind", kind).increment(count);
    }

    @Override
    public void jobsClaimed(int count) {
        claimed.increment(count);
    }

    @Override
    public void jobCompleted(String kind, long reward) {
        counter("pouw_jobs_completed", "kind", kind).increment();
        rewards.increment(reward);
    }

    @Override
    public void jobFailed(String kind, String reason) {
        counters.computeIfAbsent("failed " + kind + ' ' + reason, key -> Counter.builder("pouw_jobs_failed")
                .tag("kind", kind).tag("reason", reason).register(registry)).increment();
        if (reason.equals("lease_expired")) {
            leaseExpiries.increment();
        }
    }

    @Override
    public void jobDeadLettered(String kind) {
        counter("pouw_jobs_dead_lettered", "kind", kind).increment();
    }

    @Override
    public void jobExpired(String kind, long refund) {
        counter("pouw_jobs_expired", "kind", kind).increment();
        DistributionSummary.builder("pouw_fees_refunded").register(registry).record(refund);
    }

    @Override
    public void proofVerified(String kind, boolean accepted, long nanos) {
        verifyTimers.computeIfAbsent(kind + ' ' + accepted, key -> Timer.builder("pouw_proof_verification")
                .description("time to verify one submitted proof").tag("kind", kind)
                .tag("accepted", Boolean.toString(accepted)).publishPercentileHistogram().register(registry))
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + ' ' + value, key -> Counter.builder(name).tag(tag, value)
                .register(registry));
    }

    /** Queue depth read at most once a second, so a scrape never turns into a counting storm. */
    private QueueStats queueStats() {
        long now = System.currentTimeMillis();
        if (now - queueReadAtMs >= QUEUE_REFRESH_MS) {
            queueReadAtMs = now;
            try {
                queue.set(storage.read(tx -> tx.jobs().stats()));
            } catch (RuntimeException databaseDown) {
                // keep the last reading; /readyz reports the outage
            }
        }
        return queue.get();
    }
}
