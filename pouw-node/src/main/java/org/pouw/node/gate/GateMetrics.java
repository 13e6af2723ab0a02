package org.pouw.node.gate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.token.TokenMode;

/**
 * The gate's metrics (issue 21 §2, §5): {@code receipts_received_total}, {@code receipts_rejected_total{reason}},
 * {@code pouw_gate_tokens_issued_total{mode}}, {@code pouw_gate_tokens_rejected_total{reason}},
 * {@code pouw_gate_redemption_state{state}} (1 for the current state: the fail-open alert) and
 * {@code pouw_gate_fail_open_tokens_total}.
 */
public final class GateMetrics {
    /** The node's own reason, added at its edge: the gate's rules never say it (RejectionReason). */
    public static final String RATE_LIMITED = "rate_limited";
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "pouw_gate_tokens_issued", "access tokens issued, by mode",
            "receipts_rejected", "work receipts refused, by reason",
            "pouw_gate_tokens_rejected", "access-token requests refused, by reason");

    private final MeterRegistry registry;
    private final Counter received;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public GateMetrics(MeterRegistry registry, FailModeRedemptions redemptions) {
        this.registry = registry;
        received = Counter.builder("receipts_received").description("work receipts submitted").register(registry);
        for (FailModeRedemptions.State state : FailModeRedemptions.State.values()) {
            Gauge.builder("pouw_gate_redemption_state", redemptions, r -> r.state() == state ? 1 : 0)
                    .description("1 for the redemption store's current state; fail_open is an alert")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        FunctionCounter.builder("pouw_gate_fail_open_tokens", redemptions, FailModeRedemptions::failOpenGrants)
                .description("tokens granted from memory while the redemption store failed").register(registry);
        for (TokenMode mode : TokenMode.values()) {
            counter("pouw_gate_tokens_issued", "mode", mode.wire());
        }
        // Every reason at zero from the start, so rate() and absent() in alert rules see the series at once.
        for (RejectionReason reason : RejectionReason.values()) {
            counter("receipts_rejected", "reason", reason.code());
            counter("pouw_gate_tokens_rejected", "reason", reason.code());
        }
        counter("receipts_rejected", "reason", RATE_LIMITED);
        counter("pouw_gate_tokens_rejected", "reason", RATE_LIMITED);
    }

    /** A receipt the edge's rate limits refused before the gate saw it: received, and rejected {@code rate_limited}. */
    public void receiptRateLimited() {
        received.increment();
        counter("receipts_rejected", "reason", RATE_LIMITED).increment();
    }

    /** A token request the edge's rate limits refused before the gate saw it. */
    public void tokenRateLimited() {
        counter("pouw_gate_tokens_rejected", "reason", RATE_LIMITED).increment();
    }

    public void receiptReceived() {
        received.increment();
    }

    public void receiptRejected(RejectionReason reason) {
        counter("receipts_rejected", "reason", reason.code()).increment();
    }

    public void tokenIssued(TokenMode mode) {
        counter("pouw_gate_tokens_issued", "mode", mode.wire()).increment();
    }

    public void tokenRejected(RejectionReason reason) {
        counter("pouw_gate_tokens_rejected", "reason", reason.code()).increment();
    }

    private Counter counter(String name, String tag, String value) {
        return counters.computeIfAbsent(name + ' ' + value, key -> Counter.builder(name).tag(tag, value)
                .description(DESCRIPTIONS.get(name)).register(registry));
    }
}
