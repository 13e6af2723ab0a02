package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.token.AccessClass;

/**
 * {@code rate_limits.redis_lost = closed} (issue 24, scenario "rate-limiter state loss"): while the shared store is
 * unreachable — here a real TCP port nobody listens on, so every Redis call is refused by the kernel — limited
 * requests are refused as {@link Admission.StoreLost}, and lease calls and probes are not. Redis coming back is
 * {@code RedisBucketsIT}'s and {@code RateLimiterClosedFailoverIT}'s.
 */
class RedisLostClosedModeTest {
    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InetAddress worker = AddressLiteral.parse("203.0.113.5").orElseThrow();
    static final String DID = RequestLimiterTest.VICTIM;

    RateLimitOpening.Opened open(String mode) {
        Map<String, String> changes = new HashMap<>(Map.of("rate_limits.store", "redis",
                "rate_limits.redis_url", "redis://127.0.0.1:" + unusedPort(), "rate_limits.redis_lost", mode,
                "rate_limits.redis_retry_ms", "2500", "rate_limits.nodes", "2",
                "rate_limits.submissions.did_burst", "20"));
        return RateLimitOpening.open(RateLimitTestSettings.with(changes), clock, registry);
    }

    @Test
    void closedRefusesLimitedCallsWithTheRetryPeriodAndCountsThem() {
        try (RateLimitOpening.Opened opened = open("closed")) {
            RequestLimiter limiter = opened.limiter();
            for (LimitClass c : LimitClass.values()) {
                Admission refused = limiter.admit(c, false, worker, Optional.of(DID));
                assertThat(refused).as(c.wire()).isEqualTo(new Admission.StoreLost(c, 2_500));
                assertThat(((Admission.StoreLost) refused).retryAfterSeconds()).isEqualTo(3);
            }
            // An access token's request is refused the same way, whatever its class.
            assertThat(limiter.admit(LimitClass.INTENTS, worker, new TokenHolder("jti-1", AccessClass.PARTNER,
                    Optional.empty()))).isInstanceOf(Admission.StoreLost.class);
            assertThat(registry.get("pouw_rate_limit_store_lost_refusals").tag("class", "claims").counter()
                    .count()).isEqualTo(1);
        }
    }

    @Test
    void leaseCallsAreNeverRefusedForTheStoreButStayLimitedByTheFallback() {
        try (RateLimitOpening.Opened opened = open("closed")) {
            RequestLimiter limiter = opened.limiter();
            // A renewal by a signed-in worker: served on the fallback buckets (did burst 20 over 2 nodes = 10).
            int admitted = 0;
            for (int i = 0; i < 12; i++) {
                Admission answer = limiter.admit(LimitClass.SUBMISSIONS, true, worker, Optional.of(DID));
                assertThat(answer).isNotInstanceOf(Admission.StoreLost.class);
                if (answer instanceof Admission.Admitted) {
                    admitted++;
                }
            }
            // The fallback starts a bucket with one refill's worth, not full, and still limits: never more than
            // the per-node burst.
            assertThat(admitted).isBetween(1, 10);
            // With an access token (a lease call by a paid class), likewise.
            assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, worker, new TokenHolder("jti-2",
                    AccessClass.WORK, Optional.of(DID)))).isNotInstanceOf(Admission.StoreLost.class);
            // A probe (keepsServing without being a lease call) is served too.
            assertThat(limiter.admit(LimitClass.READS, false, true, worker, Optional.empty()))
                    .isInstanceOf(Admission.Admitted.class);
        }
    }

    @Test
    void localModeKeepsServingEveryRouteOnTheFallback() {
        try (RateLimitOpening.Opened opened = open("local")) {
            assertThat(opened.limiter().admit(LimitClass.INTENTS, false, worker, Optional.of(DID)))
                    .isInstanceOf(Admission.Admitted.class);
            assertThat(registry.get("pouw_rate_limit_store_lost_refusals").tag("class", "intents").counter()
                    .count()).isZero();
        }
    }

    @Test
    void theRoutesServedWhenTheStoreIsLostAreLeaseCallsAndProbesOnly() {
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/pouw/jobs/{id}/renew")).isTrue();
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/pouw/jobs/{id}/submit")).isTrue();
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/pouw/jobs/submit-batch")).isTrue();
        assertThat(RouteClasses.servedWhenStoreLost("GET", "/readyz")).isTrue();
        assertThat(RouteClasses.servedWhenStoreLost("GET", "/v1/pouw/metrics")).isTrue();
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/pouw/jobs/claim")).isFalse();
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/receipts")).isFalse();
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/v1/auth/challenge")).isFalse();
        assertThat(RouteClasses.servedWhenStoreLost("GET", "/v1/pouw/jobs")).isFalse();
        // A POST to a probe's path is no probe.
        assertThat(RouteClasses.servedWhenStoreLost("POST", "/readyz")).isFalse();
    }

    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
