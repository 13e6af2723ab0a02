package org.pouw.node.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.pouw.core.job.AttemptOutcome;
import org.pouw.core.job.JobStatus;
import org.pouw.core.job.QueueStats;
import org.pouw.core.job.Tier;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.market.MarketView;
import org.pouw.core.port.KindPrice;
import org.pouw.core.market.ServiceLevels;
import org.pouw.core.port.QueueDepth;
import org.pouw.core.port.Storage;

/**
 * The node's Prometheus metrics ({@code /v1/pouw/metrics}): the job lifecycle by kind and reason, lease expiries
 * apart from proof failures, queue depth by status, proof verification time, rewards, the edge (rate-limit
 * denials, busy refusals, quarantined provers, open connections, the database's health), HTTP and JVM metrics.
 *
 * <p>Every label takes its values from a closed list (a kind, a status, a reason code, a limit class), never an
 * identity or an address, so no caller can grow the number of series. Labelled counters are registered at zero
 * for every value of their list when the node starts: {@code rate()} and {@code absent()} in alert rules then see
 * a series from the first scrape, not only after the first event.
 */
public final class NodeMetrics implements MarketObserver {
    private static final long QUEUE_REFRESH_MS = 1000;
    /** The rate limiter's endpoint classes (issue 18, "Rate limits"): the {@code class} label of denials. */
    public static final List<String> RATE_LIMIT_CLASSES = List.of("auth", "intents", "claims", "submissions",
            "reads");
    /** Which limit denied a call: the caller's address (or its /64) or its signed-in DID. */
    public static final List<String> RATE_LIMIT_REASONS = List.of("address", "did");
    /** Why a lease ended without a result: the {@code reason} label of {@code pouw_jobs_failed_total}. */
    private static final List<String> FAILURE_REASONS = List.of(AttemptOutcome.PROOF_INVALID.wire(),
            AttemptOutcome.WORKER_FAILED.wire(), AttemptOutcome.LEASE_EXPIRED.wire());
    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
            "pouw_jobs_posted", "jobs created from intents",
            "pouw_jobs_completed", "jobs whose proof was verified and paid",
            "pouw_jobs_dead_lettered", "jobs that ran out of attempts",
            "pouw_jobs_expired", "jobs whose deadline passed (fee refunded)");

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

    private volatile LongSupplier quarantined = () -> 0;
    /** The market's state over the last hour, cached by its supplier (issue 27, items 1 and 5); null until set. */
    private volatile Supplier<MarketView> marketState = () -> null;
    private volatile LongSupplier connectionsOpen = () -> 0;

    /** Metrics of a node over {@code storage}, serving the work kinds named {@code kinds}. */
    public NodeMetrics(Storage storage, List<String> kinds) {
        this.storage = storage;
        // Two of Micrometer's processor meters break Prometheus's naming rules (promtool check metrics warns):
        // the CPU time is in nanoseconds with "ns" in its name, and a gauge ends in "_count", a suffix that
        // belongs to histograms and summaries. The CPU count is renamed; the CPU time is left out, since
        // process_cpu_usage carries the same information as a rate.
        registry.config().meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpus") : id;
            }
        });
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
        for (String kind : kinds) {
            counter("pouw_jobs_posted", "kind", kind);
            counter("pouw_jobs_completed", "kind", kind);
            counter("pouw_jobs_dead_lettered", "kind", kind);
            counter("pouw_jobs_expired", "kind", kind);
            for (String reason : FAILURE_REASONS) {
                failedCounter(kind, reason);
            }
            verifyTimer(kind, true);
            verifyTimer(kind, false);
        }
        for (String limitClass : RATE_LIMIT_CLASSES) {
            for (String reason : RATE_LIMIT_REASONS) {
                deniedCounter(limitClass, reason);
            }
        }
        FunctionCounter.builder("pouw_busy_refusals", storage, Storage::busyRefusals)
                .description("calls turned away with 503 busy because the database's line was full")
                .tag("store", storage.backend()).register(registry);
        FunctionCounter.builder("pouw_storage_full_refusals", storage, Storage::storageFullRefusals)
                .description("writes refused with 503 storage_full because the disk holding the database was full")
                .tag("store", storage.backend()).register(registry);
        for (String kind : kinds) {
            // What an intent posted now pays per 1,000 steps: the fixed base price, or where it follows demand the
            // price its queue moved it to (the quote of GET /v1/pouw/market/prices, from the same cached view).
            Gauge.builder("pouw_market_base_price", this, m -> {
                try {
                    MarketView view = m.marketState.get();
                    return view == null ? 0 : basePrice(view, kind);
                } catch (RuntimeException databaseDown) {
                    return Double.NaN; // no reading; /readyz reports the outage
                }
            }).description("base units per 1,000 steps an intent of the kind pays now (base price, following demand"
                    + " where set)").tag("kind", kind).register(registry);
            for (Tier tier : Tier.values()) {
                marketGauge("pouw_market_pending_work_units", "work units of pending jobs", kind, tier,
                        view -> depth(view, kind, tier).pendingWorkUnits());
                marketGauge("pouw_market_completed_per_hour", "jobs completed per hour over the last hour", kind,
                        tier, view -> view.perHour(level(view, kind, tier).completed()));
                marketGauge("pouw_market_on_time_permille", "completed jobs of the last hour that kept their"
                        + " deadline, in thousandths (1000 when none completed)", kind, tier,
                        view -> level(view, kind, tier).onTimePermille());
                // Seconds, as Prometheus names units (promtool refuses an abbreviated "_ms").
                marketGauge("pouw_market_time_to_proof_p50_seconds", "median time from posting to the verified"
                        + " result over the last hour", kind, tier, view -> level(view, kind, tier).p50Ms() / 1000.0);
                marketGauge("pouw_market_time_to_proof_p95_seconds", "95th percentile of the same", kind, tier,
                        view -> level(view, kind, tier).p95Ms() / 1000.0);
            }
        }
        Gauge.builder("pouw_provers_quarantined", this, m -> m.quarantined.getAsLong())
                .description("provers whose claims are refused until their quarantine ends").register(registry);
        Gauge.builder("pouw_http_connections_open", this, m -> m.connectionsOpen.getAsLong())
                .description("HTTP connections the server is serving").register(registry);
        Gauge.builder("pouw_storage_writes_stopped", storage, s -> s.writesStopped().isPresent() ? 1 : 0)
                .description("1 once the node stopped taking writes because an fsync of its database failed;"
                        + " only a restart clears it")
                .tag("store", storage.backend()).register(registry);
        Gauge.builder("pouw_database_up", storage, s -> s.isReachable() ? 1 : 0)
                .description("1 while the node's database answers, 0 while it is known down")
                .tag("store", storage.backend()).register(registry);
    }

    /** Where the market's state comes from (a cached view: a scrape computes it at most once per cache period). */
    public void marketState(Supplier<MarketView> state) {
        this.marketState = state;
    }

    /** A gauge of one kind and tier (labels from closed lists: the node's kinds and the tiers), read off the view. */
    private void marketGauge(String name, String description, String kind, Tier tier,
                             java.util.function.ToDoubleFunction<MarketView> read) {
        Gauge.builder(name, this, m -> {
            try {
                MarketView view = m.marketState.get();
                return view == null ? 0 : read.applyAsDouble(view);
            } catch (RuntimeException databaseDown) {
                return Double.NaN; // no reading; /readyz reports the outage
            }
        }).description(description).tag("kind", kind).tag("tier", tier.wire()).register(registry);
    }

    private static double basePrice(MarketView view, String kind) {
        for (KindPrice price : view.prices()) {
            if (price.kind().equals(kind)) {
                return price.price();
            }
        }
        return 0;
    }

    private static QueueDepth depth(MarketView view, String kind, Tier tier) {
        for (QueueDepth depth : view.depth()) {
            if (depth.kind().equals(kind) && depth.tier().equals(tier.wire())) {
                return depth;
            }
        }
        return new QueueDepth(kind, tier.wire(), 0, 0, 0);
    }

    private static ServiceLevels.Level level(MarketView view, String kind, Tier tier) {
        return view.levels().byKindTier().getOrDefault(new ServiceLevels.KindTier(kind, tier.wire()),
                new ServiceLevels.Level(0, 0, 0, 0));
    }

    /**
     * A call the rate limiter refused. {@code limitClass} and {@code reason} must come from
     * {@link #RATE_LIMIT_CLASSES} and {@link #RATE_LIMIT_REASONS}: a value outside them is a bug, refused here so
     * that it cannot open a new series.
     */
    public void rateLimitDenied(String limitClass, String reason) {
        if (!RATE_LIMIT_CLASSES.contains(limitClass) || !RATE_LIMIT_REASONS.contains(reason)) {
            throw new IllegalArgumentException("rate-limit denial outside the closed label lists: class "
                    + limitClass + ", reason " + reason);
        }
        deniedCounter(limitClass, reason).increment();
    }

    /** Where {@code pouw_provers_quarantined} reads the number of quarantined provers (zero until one is set). */
    public void quarantinedProvers(LongSupplier count) {
        this.quarantined = count;
    }

    /** Where {@code pouw_http_connections_open} reads the HTTP server's open connections (zero until set). */
    public void connectionsOpen(LongSupplier count) {
        this.connectionsOpen = count;
    }

    private Counter deniedCounter(String limitClass, String reason) {
        return counters.computeIfAbsent("denied " + limitClass + ' ' + reason, key ->
                Counter.builder("pouw_rate_limit_denials").description("calls refused by a rate limit")
                        .tag("class", limitClass).tag("reason", reason).register(registry));
    }

    private Counter failedCounter(String kind, String reason) {
        return counters.computeIfAbsent("failed " + kind + ' ' + reason, key -> Counter.builder("pouw_jobs_failed")
                .description("leases that ended without a result, by reason").tag("kind", kind)
                .tag("reason", reason).register(registry));
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Records one HTTP exchange under its route template (never the raw path, to keep label counts bounded). */
    public void httpRequest(String method, String route, int status, long nanos) {
        httpTimers.computeIfAbsent(method + ' ' + route + ' ' + status, key -> Timer.builder("http_server_requests")
                .description("HTTP exchanges by route template").tag("method", method).tag("route", route).tag("status", Integer.toString(status))
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
        failedCounter(kind, reason).increment();
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
        DistributionSummary.builder("pouw_fees_refunded").description("refunds of expired jobs")
                .register(registry).record(refund);
    }

    @Override
    public void proofVerified(String kind, boolean accepted, long nanos) {
        verifyTimer(kind, accepted).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private Timer verifyTimer(String kind, boolean accepted) {
        return verifyTimers.computeIfAbsent(kind + ' ' + accepted, key -> Timer.builder("pouw_proof_verification")
                .description("time to verify one submitted proof").tag("kind", kind)
                .tag("accepted", Boolean.toString(accepted)).publishPercentileHistogram().register(registry));
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + ' ' + value, key -> Counter.builder(name).tag(tag, value)
                .description(DESCRIPTIONS.get(name)).register(registry));
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
