package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.token.AccessClass;

/**
 * Rate limits per access token and per token class over real HTTP (issue 21 §4; docs/operations.md, "Rate limits"),
 * tokens bought from the node's own {@code POST /v1/tokens}. The node's clock is settable, set to now (the gate
 * checks it against the database's at start, within {@code gate.clock_skew_ms}) and moved only where a token must
 * expire, so buckets refill only then.
 * Reads: a did's bucket 100 a minute, burst 400; every token class 1 % of it (burst 4, one a minute); the
 * {@code low} class 2 tokens' worth (burst 8), {@code work} 10.
 */
class AccessTokenLimitsIT {
    static final String ATTACKER_ADDRESS = "198.51.100.66";
    static final String VICTIM_ADDRESS = "203.0.113.5";
    static final String NEIGHBOUR_ADDRESS = "203.0.113.6";

    @TempDir
    Path dir;

    final SettableClock clock = new SettableClock(System.currentTimeMillis());
    RunningNode node;

    void start(Map<String, String> changes) {
        Map<String, String> settings = new HashMap<>(Map.of("gate.enabled", "true", "gate.hashcash_bits", "1",
                "gate.max_hashcash_bits", "1", "http.trusted_proxies", "127.0.0.1",
                "rate_limits.reads.did_per_minute", "100", "rate_limits.reads.did_burst", "400",
                "rate_limits.access.low.class_tokens", "2", "rate_limits.access.work.class_tokens", "10",
                // the clock stands still while the node starts, slowly on a loaded machine: room for that
                "gate.clock_skew_ms", "60000"));
        for (AccessClass c : AccessClass.values()) {
            settings.put("rate_limits.access." + c.wire() + ".token_percent", "1");
        }
        settings.putAll(changes);
        // the gate refuses to start on a clock off the database's: set it to now just before starting
        clock.set(System.currentTimeMillis());
        node = new RunningNode(dir, settings, clock);
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    String anonymousToken() {
        RunningNode.Reply reply = node.post("/v1/tokens", "{\"mode\":\"anonymous\"}", null);
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(200);
        return reply.json().path("token").asString();
    }

    String powToken(Ed25519.KeyPair holder) {
        RunningNode.Reply reply = node.post("/v1/tokens",
                ReceiptMaker.powRequest(ReceiptMaker.receipt(node, holder)), null);
        assertThat(reply.status()).as("%s", reply.json()).isEqualTo(200);
        return reply.json().path("token").asString();
    }

    /** A read from {@code address} (behind the trusted proxy) presenting {@code token}, or none. */
    RunningNode.Reply read(String address, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + "/v1/gate/keys")).GET()
                .header("X-Forwarded-For", address);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return node.send(request);
    }

    /** Reads until the first refusal; returns how many were admitted and the refusal. */
    Refused readUntilRefused(String address, String token) {
        for (int admitted = 0; admitted < 100; admitted++) {
            RunningNode.Reply reply = read(address, token);
            if (reply.status() != 200) {
                assertThat(reply.status()).isEqualTo(429);
                return new Refused(admitted, reply.json().path("error").path("limit").asString(),
                        reply.headers().getOrDefault("retry-after", java.util.List.of()));
            }
        }
        throw new AssertionError("never refused");
    }

    record Refused(int admitted, String limit, java.util.List<String> retryAfter) {
    }

    String metrics() {
        return new String(node.get("/v1/pouw/metrics").bytes(), StandardCharsets.UTF_8);
    }

    static double denials(String metrics, String reason) {
        Matcher m = Pattern.compile("pouw_rate_limit_denials_total\\{class=\"reads\",reason=\"" + reason
                + "\"} ([0-9.]+)").matcher(metrics);
        assertThat(m.find()).as("the series of reason %s", reason).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aTokenHammeringPastItsLimitIs429WithRetryAfterAndLimitsNoOtherTokenNorClass() {
        start(Map.of());
        String abuser = anonymousToken();
        String other = anonymousToken();
        String work = powToken(Ed25519.KeyPair.generate());

        assertThat(readUntilRefused(ATTACKER_ADDRESS, abuser)).isEqualTo(new Refused(4, "reads.token",
                java.util.List.of("60")));
        for (int i = 0; i < 20; i++) {
            assertThat(read(ATTACKER_ADDRESS, abuser).status()).isEqualTo(429);
        }
        // The refused reads spent nothing of the class: another anonymous token gets its whole bucket...
        assertThat(readUntilRefused(VICTIM_ADDRESS, other).admitted()).isEqualTo(4);
        // ...after which the two have spent the low class's 8, and a third anonymous token meets the class's limit:
        // minting tokens buys no more than the class.
        assertThat(readUntilRefused(VICTIM_ADDRESS, anonymousToken()).limit()).isEqualTo("reads.token_class");
        // Another class, and a caller with no token, are untouched.
        assertThat(readUntilRefused(VICTIM_ADDRESS, work)).extracting(Refused::admitted, Refused::limit)
                .containsExactly(4, "reads.token");
        assertThat(read(VICTIM_ADDRESS, null).status()).isEqualTo(200);
        String metrics = metrics();
        // at least the 22 refusals above (the HTTP client may send a read again on a connection the node closed)
        assertThat(denials(metrics, "token")).isGreaterThanOrEqualTo(22);
        assertThat(denials(metrics, "token_class")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).doesNotContain(abuser.substring(11, 40));
    }

    @Test
    void forgedAndExpiredTokensCountOnlyAgainstTheirSendersAddressAndNeverAgainstTheVictims() {
        start(Map.of("rate_limits.reads.address_burst", "6", "rate_limits.reads.address_per_minute", "1"));
        String victims = powToken(Ed25519.KeyPair.generate());
        String victimsAnonymous = anonymousToken();
        // The attacker copies the victim's token (its jti, class and did) under a signature of its own making.
        String body = victims.substring(0, victims.lastIndexOf('.'));
        String forged = body + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);
        assertThat(readUntilRefused(ATTACKER_ADDRESS, forged)).isEqualTo(new Refused(6, "reads.address",
                java.util.List.of("60")));
        // Had the forgery been keyed on the victim's jti, the victim's bucket of 4 would be spent.
        assertThat(readUntilRefused(VICTIM_ADDRESS, victims)).extracting(Refused::admitted, Refused::limit)
                .containsExactly(4, "reads.token");

        // Six minutes on, the anonymous token (five minutes' life) has expired; the attacker sends it.
        clock.advance(6 * 60_000L);
        assertThat(readUntilRefused(ATTACKER_ADDRESS, victimsAnonymous)).extracting(Refused::admitted,
                Refused::limit).containsExactly(6, "reads.address");
        // The expired token spent nothing of the low class (burst 8): two fresh anonymous tokens get 4 each.
        // (from two addresses: an anonymous token spends its address's bucket of 6 too).
        assertThat(readUntilRefused(VICTIM_ADDRESS, anonymousToken()).admitted()).isEqualTo(4);
        assertThat(readUntilRefused(NEIGHBOUR_ADDRESS, anonymousToken()).admitted()).isEqualTo(4);
        String metrics = metrics();
        assertThat(denials(metrics, "token_class")).isZero();
        assertThat(denials(metrics, "address")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aReceiptOrTokenRequestTheRateLimitsRefuseIsCountedRejectedRateLimited() {
        start(Map.of("rate_limits.submissions.address_burst", "1", "rate_limits.submissions.address_per_minute", "1",
                "rate_limits.auth.address_burst", "3", "rate_limits.auth.address_per_minute", "1",
                "receipts.hashcash.amount", "10", "receipts.hashcash.emission_cap", "1000", "receipts.pool_fund", "100"));
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        String first = ReceiptMaker.receipt(node, client);
        String second = ReceiptMaker.receipt(node, client);
        assertThat(node.post("/v1/receipts", first, null).status()).isEqualTo(200);
        RunningNode.Reply refused = node.post("/v1/receipts", second, null);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("limit").asString()).isEqualTo("submissions.address");
        anonymousToken();
        assertThat(node.post("/v1/tokens", "{\"mode\":\"anonymous\"}", null).status()).isEqualTo(429);

        String metrics = metrics();
        assertThat(metrics).contains("receipts_received_total 2.0")
                .contains("receipts_rejected_total{reason=\"rate_limited\"} 1.0")
                .contains("pouw_gate_tokens_rejected_total{reason=\"rate_limited\"} 1.0");
    }
}
