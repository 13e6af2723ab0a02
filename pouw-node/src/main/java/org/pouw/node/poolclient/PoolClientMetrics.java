package org.pouw.node.poolclient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pouw.gate.poolattest.RelayAnswer;

/**
 * The pool client's metrics (issue 23 §6; docs/pool.md §11). Labelled by pool URL (a handful, from the settings),
 * never by miner:
 * <ul>
 *   <li>{@code pouw_pool_client_relays_total{outcome}} — attested, refused, unavailable;</li>
 *   <li>{@code pouw_pool_client_calls_total{pool,outcome}} — success, failure (counted by the breaker), ignored
 *       (a refusal, never counted), not_permitted (breaker open);</li>
 *   <li>{@code pouw_pool_client_retries_total{pool}};</li>
 *   <li>{@code pouw_pool_client_breaker_state{pool,state}} — 1 for the current state of closed, open, half_open;</li>
 *   <li>{@code pouw_pool_client_breaker_transitions_total{pool,from,to}};</li>
 *   <li>{@code pouw_pool_client_available} — 1 while some pool's breaker is not open.</li>
 * </ul>
 */
final class PoolClientMetrics {
    private static final List<CircuitBreaker.State> SHOWN = List.of(CircuitBreaker.State.CLOSED,
            CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN);

    private final MeterRegistry registry;
    private final Duration openFor;
    private final Map<String, Long> openedAtNanos = new ConcurrentHashMap<>();

    PoolClientMetrics(MeterRegistry registry, List<PoolEndpoint> pools, Duration openFor) {
        this.registry = registry;
        this.openFor = openFor;
        for (PoolEndpoint pool : pools) {
            CircuitBreaker breaker = pool.breaker();
            for (CircuitBreaker.State state : SHOWN) {
                Gauge.builder("pouw_pool_client_breaker_state", breaker, b -> b.getState() == state ? 1 : 0)
                        .description("1 for the pool breaker's current state").tag("pool", pool.name())
                        .tag("state", wire(state)).register(registry);
            }
            Counter success = calls(pool, "success");
            Counter failure = calls(pool, "failure");
            Counter ignored = calls(pool, "ignored");
            Counter notPermitted = calls(pool, "not_permitted");
            breaker.getEventPublisher()
                    .onSuccess(e -> success.increment())
                    .onError(e -> failure.increment())
                    .onIgnoredError(e -> ignored.increment())
                    .onCallNotPermitted(e -> notPermitted.increment())
                    .onStateTransition(e -> {
                        CircuitBreaker.StateTransition t = e.getStateTransition();
                        Counter.builder("pouw_pool_client_breaker_transitions").description("pool breaker "
                                + "transitions").tag("pool", pool.name()).tag("from", wire(t.getFromState()))
                                .tag("to", wire(t.getToState())).register(registry).increment();
                        if (t.getToState() == CircuitBreaker.State.OPEN) {
                            openedAtNanos.put(pool.name(), System.nanoTime());
                        } else {
                            openedAtNanos.remove(pool.name());
                        }
                    });
            Counter retries = Counter.builder("pouw_pool_client_retries").description("retries of a pool call")
                    .tag("pool", pool.name()).register(registry);
            pool.retry().getEventPublisher().onRetry(e -> retries.increment());
        }
        Gauge.builder("pouw_pool_client_available", pools, list -> list.stream()
                        .anyMatch(p -> p.breaker().getState() != CircuitBreaker.State.OPEN) ? 1 : 0)
                .description("1 while some pool's breaker is not open").register(registry);
        for (String outcome : List.of("attested", "refused", "unavailable")) {
            relays(outcome);
        }
    }

    void relayed(RelayAnswer answer) {
        relays(switch (answer) {
            case RelayAnswer.Attested a -> "attested";
            case RelayAnswer.Refused r -> "refused";
            case RelayAnswer.Unavailable u -> "unavailable";
        }).increment();
    }

    /** Seconds until the soonest open breaker lets a trial call through; 1 when none is open (a pool merely failed). */
    long retryAfterSeconds() {
        if (openedAtNanos.isEmpty()) {
            return 1;
        }
        long now = System.nanoTime();
        long soonest = openFor.toNanos();
        for (long openedAt : openedAtNanos.values()) {
            soonest = Math.min(soonest, Math.max(0, openedAt + openFor.toNanos() - now));
        }
        return Math.max(1, (soonest + 999_999_999L) / 1_000_000_000L);
    }

    private Counter relays(String outcome) {
        return Counter.builder("pouw_pool_client_relays").description("shares relayed to a pool, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private Counter calls(PoolEndpoint pool, String outcome) {
        return Counter.builder("pouw_pool_client_calls").description("calls to a pool as its breaker saw them")
                .tag("pool", pool.name()).tag("outcome", outcome).register(registry);
    }

    private static String wire(CircuitBreaker.State state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
