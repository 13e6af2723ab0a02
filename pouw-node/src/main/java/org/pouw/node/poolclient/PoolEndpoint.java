package org.pouw.node.poolclient;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.pouw.crypto.jcs.JsonRefusedException;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.poolattest.RelayAnswer;
import org.pouw.node.config.MiningPoolSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pool as the node calls it (issue 23 §5): {@code POST <url>/pool/share} decorated, outermost first, as
 * <b>Retry → CircuitBreaker → TimeLimiter → HTTP</b>, all inside the relay's one deadline. So a retry is a new call
 * the breaker sees (and refuses once open), and the time limit ends each attempt; each attempt's HTTP timeout is also
 * the time left to the deadline, so retries never stretch it.
 *
 * <p>The breaker counts only {@link PoolFault}s — transport errors, timeouts, 5xx, garbage — and ignores refusals
 * (4xx, 429): a bad share is the sender's, and anyone can send one. Its count-based window and its minimum number of
 * calls both equal {@code circuit_breaker_threshold} at a 100 % failure rate, so "5" means five failed calls in a row.
 */
final class PoolEndpoint {
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final StrictJsonParser PARSER = StrictJsonParser.unicode(MAX_ANSWER_BYTES);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final URI base;
    private final URI shareUrl;
    private final String name;
    private final HttpClient http;
    private final Optional<String> apiKey;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final TimeLimiter limiter;

    PoolEndpoint(URI base, MiningPoolSettings settings, HttpClient http) {
        this.name = base.toString();
        this.base = base;
        this.shareUrl = URI.create(base + "/pool/share");
        this.http = http;
        this.apiKey = settings.apiKey();
        Duration timeout = Duration.ofSeconds(settings.timeoutSeconds());
        breaker = CircuitBreaker.of(name, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.breakerThreshold())
                .minimumNumberOfCalls(settings.breakerThreshold())
                .failureRateThreshold(100)
                .slowCallRateThreshold(100)
                .slowCallDurationThreshold(timeout.plusSeconds(1))
                .waitDurationInOpenState(Duration.ofSeconds(settings.breakerTimeoutSeconds()))
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordException(e -> e instanceof PoolFault)
                .ignoreExceptions(PoolRefusal.class)
                .build());
        retry = Retry.of(name, RetryConfig.custom()
                .maxAttempts(1 + settings.maxRetries())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(FIRST_BACKOFF, 2.0, 0.5))
                .retryOnException(e -> e instanceof PoolFault)
                .build());
        limiter = TimeLimiter.of(name, TimeLimiterConfig.custom().timeoutDuration(timeout)
                .cancelRunningFuture(true).build());
    }

    String name() {
        return name;
    }

    CircuitBreaker breaker() {
        return breaker;
    }

    Retry retry() {
        return retry;
    }

    /**
     * The share posted until attested, refused or given up: {@link RelayAnswer.Attested} or
     * {@link RelayAnswer.Refused}; a {@link PoolFault} or the breaker's {@code CallNotPermittedException} when this
     * pool can not answer before {@code deadline}.
     */
    RelayAnswer submit(byte[] share, Deadline deadline) throws Exception {
        Callable<RelayAnswer> attempt = () -> {
            try {
                return limiter.executeFutureSupplier(() -> http.sendAsync(request(share, deadline.left()),
                        HttpResponse.BodyHandlers.ofInputStream()).thenApply(PoolEndpoint::read));
            } catch (TimeoutException | java.net.http.HttpTimeoutException e) {
                throw new PoolFault("no answer within the time limit");
            } catch (java.io.IOException e) {
                throw new PoolFault("transport: " + e);
            }
        };
        Callable<RelayAnswer> guarded = () -> {
            // Outside the breaker: the node running out of time is no failure of this pool.
            if (deadline.left().isZero()) {
                throw new Deadline.Passed();
            }
            return breaker.executeCallable(attempt);
        };
        try {
            return Retry.decorateCallable(retry, guarded).call();
        } catch (PoolRefusal refusal) {
            return refusal.answer();
        }
    }

    /**
     * {@code GET <url><path>} for the node's pool read (docs/pool.md §9, docs/console.md "Pool"): the pool's answer
     * as JSON, at most {@code maxBytes}, through this pool's breaker and time limit but without retries (a read is
     * cached and asked again soon; the next pool is tried instead). A 5xx, a transport error, a timeout, an answer
     * that is too long or not JSON is a {@link PoolFault} the breaker counts; a 4xx a {@link PoolRefusal} it ignores,
     * as for shares (the pool is up; it may be older and lack the route). {@code check} turns the answer into the
     * node's own (a {@link PoolFault} naming the member when it does not hold), inside the breaker, so a pool
     * answering the wrong shape counts as failed.
     */
    ObjectNode read(String path, int maxBytes, Deadline deadline, Function<JsonNode, ObjectNode> check)
            throws Exception {
        Callable<ObjectNode> attempt = () -> {
            try {
                return limiter.executeFutureSupplier(() -> http.sendAsync(readRequest(path, deadline.left()),
                        HttpResponse.BodyHandlers.ofInputStream())
                        .thenApply(response -> check.apply(readJson(path, response, maxBytes))));
            } catch (TimeoutException | java.net.http.HttpTimeoutException e) {
                throw new PoolFault("no answer to " + path + " within the time limit");
            } catch (java.io.IOException e) {
                throw new PoolFault("transport: " + e);
            }
        };
        if (deadline.left().isZero()) {
            throw new Deadline.Passed();
        }
        return breaker.executeCallable(attempt);
    }

    private HttpRequest readRequest(String path, Duration timeout) {
        Duration bounded = timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(bounded)
                .header("Accept", "application/json").GET();
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request.build();
    }

    private static JsonNode readJson(String path, HttpResponse<java.io.InputStream> response, int maxBytes) {
        byte[] body;
        try (java.io.InputStream in = response.body()) {
            body = in.readNBytes(maxBytes + 1);
        } catch (java.io.IOException e) {
            throw new PoolFault("the answer to " + path + " broke off: " + e.getMessage());
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new PoolFault("the pool answered " + path + " with " + status);
        }
        if (status >= 400) {
            throw new PoolRefusal(new RelayAnswer.Refused("pool_" + status, "the pool answered " + path + " with "
                    + status, null));
        }
        if (status != 200) {
            throw new PoolFault("the pool answered " + path + " with " + status);
        }
        if (body.length > maxBytes) {
            throw new PoolFault("the pool's answer to " + path + " is over " + maxBytes + " bytes");
        }
        try {
            return JSON.readTree(body);
        } catch (JacksonException e) {
            throw new PoolFault("the pool's answer to " + path + " is not JSON (" + clip(e.getOriginalMessage())
                    + ")");
        }
    }

    private HttpRequest request(byte[] share, Duration timeout) {
        // At least a millisecond: the deadline may pass between the check and here, and zero is no timeout.
        Duration bounded = timeout.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : timeout;
        HttpRequest.Builder request = HttpRequest.newBuilder(shareUrl).timeout(bounded)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(share));
        apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
        return request.build();
    }

    private static RelayAnswer read(HttpResponse<java.io.InputStream> response) {
        byte[] body;
        try (java.io.InputStream in = response.body()) {
            body = in.readNBytes(MAX_ANSWER_BYTES + 1);
        } catch (java.io.IOException e) {
            throw new PoolFault("the answer broke off: " + e.getMessage());
        }
        int status = response.statusCode();
        if (status >= 500 || body.length > MAX_ANSWER_BYTES) {
            throw new PoolFault("the pool answered " + status + (body.length > MAX_ANSWER_BYTES ? ", too long" : ""));
        }
        // The answer is read leniently (it reports a fractional miner_reputation); the attestation inside is then
        // read by the gate's strict parser, which is what its signature is checked over.
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JacksonException e) {
            if (status >= 400) {
                throw new PoolRefusal(new RelayAnswer.Refused("pool_" + status, "the pool refused the share", null));
            }
            throw new PoolFault("the pool's answer is not JSON");
        }
        if (status == 200) {
            JsonNode attestation = parsed.path("attestation");
            if (!attestation.isObject()) {
                throw new PoolFault("the pool's 200 carries no attestation object");
            }
            try {
                return new RelayAnswer.Attested(PARSER.parse(JSON.writeValueAsBytes(attestation)));
            } catch (JsonRefusedException e) {
                throw new PoolFault("the pool's attestation is not in the gate's format: " + e.getMessage());
            }
        }
        if (status >= 400) {
            throw new PoolRefusal(refusal(status, parsed));
        }
        throw new PoolFault("the pool answered " + status);
    }

    /** The project's error body {@code {"error":{"code","message","field"}}}, or the bare status if it is not one. */
    private static RelayAnswer.Refused refusal(int status, JsonNode body) {
        JsonNode error = body.path("error");
        String code = error.path("code").isString() ? error.path("code").asString() : "";
        if (code.matches("[a-z_]{1,64}")) {
            String message = error.path("message").isString() ? clip(error.path("message").asString()) : "";
            String field = error.path("field").isString() && error.path("field").asString().matches("[a-z_]{1,64}")
                    ? error.path("field").asString() : null;
            return new RelayAnswer.Refused(code, message, field);
        }
        return new RelayAnswer.Refused("pool_" + status, "the pool refused the share", null);
    }

    private static String clip(String text) {
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
