package org.pouw.node.chain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import org.pouw.chain.importing.ImportStatus;
import org.pouw.core.Clock;

/**
 * The chain's figures in the node's Prometheus registry (docs/operations.md): height, tip age, reorgs, orphans,
 * mempool size, block validation time, blocks by import status, the reorg held for the operator (its depth, and how
 * many were held), and the ticket rate the tip's target and spacing
 * stand for. The gauges read a snapshot the service publishes after each change, so a scrape never waits for an
 * import.
 */
final class ChainMetrics {
    /** What the gauges show; replaced whole after every import or admission. */
    record Figures(long height, long tipTimestamp, int orphans, int mempool, double ticketsPerSecond,
                   int heldReorgDepth) {
    }

    private final MeterRegistry registry;
    private final Counter reorgs;
    private final Counter reorgsHeld;
    private final Counter evidenceReported;
    private final Timer validation;
    private final Counter transactionsBusy;
    private volatile Figures figures = new Figures(0, 0, 0, 0, 0, 0);

    ChainMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        Gauge.builder("pouw_chain_height", () -> figures.height()).description("height of the followed tip")
                .register(registry);
        Gauge.builder("pouw_chain_tip_age_seconds", () -> Math.max(0, clock.millis() / 1_000.0
                - figures.tipTimestamp())).description("seconds since the followed tip's timestamp")
                .register(registry);
        Gauge.builder("pouw_chain_orphans", () -> figures.orphans())
                .description("blocks held until their parent arrives").register(registry);
        Gauge.builder("pouw_chain_mempool_transactions", () -> figures.mempool())
                .description("transactions waiting in the mempool").register(registry);
        Gauge.builder("pouw_chain_tickets_per_second", () -> figures.ticketsPerSecond())
                .description("tickets per second the tip's target and its spacing from its parent stand for")
                .register(registry);
        Gauge.builder("pouw_chain_held_reorg_depth", () -> figures.heldReorgDepth())
                .description("depth of the better branch held for the operator (pouw chain accept-reorg), 0 when none")
                .register(registry);
        reorgsHeld = Counter.builder("pouw_chain_reorgs_held")
                .description("branches forking deeper than R held for the operator, one per new held tip")
                .register(registry);
        evidenceReported = Counter.builder("pouw_chain_evidence_reported")
                .description("equivocations this node saw and reported as slash evidence, one per offender")
                .register(registry);
        reorgs = Counter.builder("pouw_chain_reorgs").description("times the followed tip moved to another branch")
                .register(registry);
        transactionsBusy = Counter.builder("pouw_chain_tx_busy_refusals")
                .description("transactions offered through the API turned away 503 busy: the line for the chain's"
                        + " lock was full").register(registry);
        validation = Timer.builder("pouw_chain_block_validation").description("time to import one offered block")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    void publish(Figures now) {
        figures = now;
    }

    void reorg() {
        reorgs.increment();
    }

    void reorgHeld() {
        reorgsHeld.increment();
    }

    void evidenceReported() {
        evidenceReported.increment();
    }

    void transactionBusy() {
        transactionsBusy.increment();
    }

    void validated(long nanos) {
        validation.record(Duration.ofNanos(nanos));
    }

    void imported(ImportStatus status) {
        Counter.builder("pouw_chain_blocks_imported").description("blocks offered to the import, by outcome")
                .tag("status", status.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
