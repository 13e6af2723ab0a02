package org.pouw.node.poolclient;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.pouw.core.Clock;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.gate.poolattest.PoolRelay;
import org.pouw.gate.poolattest.RelayAnswer;
import org.pouw.gate.poolattest.RelayedShare;
import org.pouw.node.config.MiningPoolSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's pool client (issue 23 §5; docs/pool.md §9): relays a share the gate checked to the pools of
 * {@code mining_pool.pool_url}, in order. First the node's own budget, {@code requests_per_minute} (a Resilience4j
 * rate limiter that never waits); then each pool through its {@link PoolEndpoint} (retry → breaker → time limit);
 * the next pool only when one could not answer — a refusal is final, since the share is what was refused. All of it
 * under one deadline of {@code timeout_seconds}. When no pool answers the share is {@link RelayAnswer.Unavailable}:
 * the node says 503 {@code pool_unavailable} with a Retry-After, never a token of another kind, and everything else
 * it serves goes on.
 */
public final class PoolClient implements PoolRelay, AutoCloseable {
    private final List<PoolEndpoint> pools;
    private final RateLimiter budget;
    private final Duration timeout;
    private final PoolClientMetrics metrics;
    private final ExecutorService threads;
    private final HttpClient http;
    private final PoolStatusRelay statusRelay;

    /** @param clock when the pool's status was read, and how long a read is served (its cache) */
    public PoolClient(MiningPoolSettings settings, MeterRegistry registry, Clock clock) {
        if (!settings.enabled()) {
            throw new IllegalArgumentException("mining_pool.enabled is false: there is no pool client");
        }
        threads = Executors.newVirtualThreadPerTaskExecutor();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(settings.timeoutSeconds())).build();
        List<PoolEndpoint> endpoints = new ArrayList<>();
        for (URI url : settings.poolUrls()) {
            endpoints.add(new PoolEndpoint(url, settings, http));
        }
        pools = List.copyOf(endpoints);
        budget = RateLimiter.of("mining_pool", RateLimiterConfig.custom()
                .limitForPeriod(settings.requestsPerMinute()).limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ZERO).build());
        timeout = Duration.ofSeconds(settings.timeoutSeconds());
        metrics = new PoolClientMetrics(registry, pools, Duration.ofSeconds(settings.breakerTimeoutSeconds()));
        statusRelay = new PoolStatusRelay(this, clock);
    }

    /** The node's cached read of its pool's status and miners (docs/api.md "The pool"). */
    public PoolStatusRelay statusRelay() {
        return statusRelay;
    }

    @Override
    public RelayAnswer submit(RelayedShare share) {
        RelayAnswer answer = relay(share);
        metrics.relayed(answer);
        return answer;
    }

    private RelayAnswer relay(RelayedShare share) {
        if (!budget.acquirePermission()) {
            return new RelayAnswer.Unavailable("this node's mining_pool.requests_per_minute is spent this minute");
        }
        byte[] body = JcsWriter.canonicalBytes(share.poolShare());
        List<String> why = new ArrayList<>();
        RelayAnswer answer = first((pool, deadline) -> pool.submit(body, deadline), why);
        return answer != null ? answer
                : new RelayAnswer.Unavailable("no pool could take the share (" + String.join("; ", why) + ")");
    }

    /**
     * A read of the first pool, in {@code pool_url} order, that answers {@code path} with JSON {@code check} accepts,
     * under one deadline of {@code timeout_seconds}; the node's relay budget is not spent (reads are cached by
     * {@link PoolStatusRelay}). A pool whose answer {@code check} refuses counts as failed, like garbage to a share.
     */
    PoolRead read(String path, int maxBytes, Function<JsonNode, ObjectNode> check) {
        List<String> why = new ArrayList<>();
        ObjectNode answer = first((pool, deadline) -> pool.read(path, maxBytes, deadline, check), why);
        return answer != null ? new PoolRead.Answered(answer)
                : new PoolRead.Unavailable("no pool answered " + path + " (" + String.join("; ", why) + ")");
    }

    /** One call to one pool within the relay's or read's deadline. */
    private interface PoolCall<T> {
        T call(PoolEndpoint pool, Deadline deadline) throws Exception;
    }

    /**
     * The first pool's answer to {@code call}, trying them in {@code pool_url} order under one deadline; the next pool
     * only when one could not answer. Null when none did, each pool's reason added to {@code why}.
     */
    private <T> T first(PoolCall<T> call, List<String> why) {
        Deadline deadline = Deadline.in(timeout);
        for (PoolEndpoint pool : pools) {
            try {
                return call.call(pool, deadline);
            } catch (CallNotPermittedException open) {
                why.add(pool.name() + ": circuit open");
            } catch (PoolFault fault) {
                why.add(pool.name() + ": " + fault.getMessage());
            } catch (PoolRefusal refusal) {
                // Only a read lets a refusal out (a share's is its answer): an older pool without the route.
                why.add(pool.name() + ": " + refusal.answer().message());
            } catch (Deadline.Passed passed) {
                why.add(pool.name() + ": not tried, the deadline passed");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                why.add(pool.name() + ": interrupted");
                break;
            } catch (Exception unexpected) {
                why.add(pool.name() + ": " + unexpected);
            }
        }
        return null;
    }

    /** Seconds until a breaker lets a trial call through, at least 1: the Retry-After of a 503. */
    public long retryAfterSeconds() {
        return metrics.retryAfterSeconds();
    }

    /** Whether some pool's breaker is not open: what {@code /readyz} reports. */
    public boolean available() {
        return pools.stream().anyMatch(pool -> pool.breaker().getState() != CircuitBreaker.State.OPEN);
    }

    @Override
    public void close() {
        http.shutdownNow();
        threads.shutdownNow();
    }
}
