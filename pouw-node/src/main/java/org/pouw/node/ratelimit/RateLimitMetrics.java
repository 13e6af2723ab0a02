package org.pouw.node.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The rate limits' series, every label from a closed list (never an identity or an address, so a swarm cannot grow
 * the series): {@code pouw_rate_limit_denials_total{class,reason}} (reason = the scope whose bucket refused:
 * {@code address} or {@code did}), all registered at zero from the start, and
 * {@code pouw_rate_limit_store_lost_refusals_total{class}} (the {@code closed} mode's 503s); and, with the Redis store,
 * {@code pouw_rate_limit_store_state{state}} (1 for the state in force; {@code fallback} is the alert) and
 * {@code pouw_rate_limit_store_fallbacks_total}.
 */
public final class RateLimitMetrics {
    private final Map<LimitClass, Map<LimitScope, Counter>> denials = new EnumMap<>(LimitClass.class);
    private final Map<LimitClass, Counter> storeLost = new EnumMap<>(LimitClass.class);

    public RateLimitMetrics(MeterRegistry registry) {
        for (LimitClass c : LimitClass.values()) {
            Map<LimitScope, Counter> byScope = new EnumMap<>(LimitScope.class);
            for (LimitScope scope : LimitScope.values()) {
                byScope.put(scope, Counter.builder("pouw_rate_limit_denials")
                        .description("requests refused 429 by a rate limit, by endpoint class and the bucket that"
                                + " refused")
                        .tag("class", c.wire()).tag("reason", scope.wire()).register(registry));
            }
            denials.put(c, byScope);
            storeLost.put(c, Counter.builder("pouw_rate_limit_store_lost_refusals")
                    .description("requests refused 503 because the rate limits' Redis is lost and"
                            + " rate_limits.redis_lost is closed, by endpoint class")
                    .tag("class", c.wire()).register(registry));
        }
    }

    /** Registers the shared store's state and fallback series. */
    public static void watch(MeterRegistry registry, FallbackBuckets store) {
        for (FallbackBuckets.State state : FallbackBuckets.State.values()) {
            Gauge.builder("pouw_rate_limit_store_state", store, s -> s.state() == state ? 1 : 0)
                    .description("1 for the rate-limit store's current state; fallback means Redis is lost")
                    .tag("state", state.wire()).register(registry);
        }
        FunctionCounter.builder("pouw_rate_limit_store_fallbacks", store, FallbackBuckets::fallbacks)
                .description("switches from the shared Redis buckets to local fallback buckets").register(registry);
    }

    void storeLost(LimitClass limitClass) {
        storeLost.get(limitClass).increment();
    }

    void denied(LimitClass limitClass, LimitScope scope) {
        denials.get(limitClass).get(scope).increment();
    }
}
