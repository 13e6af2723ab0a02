package org.pouw.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.JacksonJcs;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareHeader;
import org.pouw.pool.share.ShareValidator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Stratum V1 at the pool (issue 23 §2; docs/pool.md §3a) over real sockets to an in-process endpoint on a settable
 * clock: an authorized miner's share is accepted once — also re-sent in upper-case hex; each reject code (20 malformed,
 * wrong extranonce, ntime or version bits outside the window or mask; 21 unknown or stale job; 22 duplicate; 23 low;
 * 24 unauthorized; 25 not subscribed); an authorization read off another connection or signed by another key; a job
 * of another connection; jobs replaced by {@code clean_jobs} stale after the grace; the line and authorize limits.
 */
class StratumServerTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String POOL = "pool-1";
    private static final String AUDIENCE = "node-a";
    /** The node's floor for these challenges, 2^4, and the pool's: shares grind in microseconds. */
    private static final int NODE_BITS = 4;

    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair node = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final Ed25519.KeyPair other = Ed25519.KeyPair.fromPrivateKey(filled(2));
    private final Ed25519.KeyPair poolKey = Ed25519.KeyPair.fromPrivateKey(filled(4));
    private final SignedTestChallenges challenges = new SignedTestChallenges(node, clock, NODE_BITS, 600_000);
    private final Miners miners = new Miners(VardiffSettings.defaults(1), ReputationSettings.defaults(), clock);
    private final ShareValidator validator = new ShareValidator(node.publicKey(), clock, 5_000, miners,
            new InMemoryPoolShareLedger(), POOL);
    private final PoolMetrics metrics = new PoolMetrics(miners, clock);
    private StratumServer server;

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private int start(StratumSettings settings) throws IOException {
        server = new StratumServer(settings, validator, metrics, challenges, clock, new ShareAttestor(poolKey, POOL,
                AUDIENCE, clock, 300_000));
        server.start();
        return server.plainPort();
    }

    private int start() throws IOException {
        return start(StratumSettings.plainOnLoopback("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Subscribed and authorized as {@code key}'s did; the first job is waiting. */
    private StratumWire authorized(int port, Ed25519.KeyPair key) throws IOException {
        StratumWire wire = new StratumWire(port);
        wire.subscribe();
        String user = key.did().toString();
        JsonNode answer = wire.authorize(user, StratumWire.password(key, POOL, wire.extranonce1, user));
        assertThat(answer.path("result").asBoolean()).as(answer.toString()).isTrue();
        return wire;
    }

    private static int code(JsonNode answer) {
        return answer.path("error").path(0).asInt();
    }

    @Test
    void anAuthorizedMinersShareIsAcceptedOnceAlsoWhenResentInUpperCaseHex() throws IOException {
        int port = start();
        try (StratumWire wire = authorized(port, miner)) {
            JsonNode job = wire.nextJob();
            assertThat(wire.difficulty).as("the node's floor for a new miner").isEqualTo(1L << NODE_BITS);
            assertThat(job.path(6).asString()).as("the fixed bits: no Bitcoin work").isEqualTo("207fffff");
            assertThat(job.path(8).asBoolean()).as("the first job cleans").isTrue();
            String user = miner.did().toString();
            String nonce = wire.grind(job, "00000001", 0, wire.difficulty, true);
            JsonNode accepted = wire.submit(user, job.path(0).asString(), "00000001", job.path(7).asString(), nonce);
            assertThat(accepted.path("result").asBoolean()).as(accepted.toString()).isTrue();
            assertThat(metrics.acceptedCount()).isEqualTo(1);

            JsonNode again = wire.submit(user, job.path(0).asString(), "00000001", job.path(7).asString(), nonce);
            assertThat(code(again)).as(again.toString()).isEqualTo(22);
            JsonNode upper = wire.submit(user, job.path(0).asString(), "00000001",
                    job.path(7).asString().toUpperCase(Locale.ROOT), nonce.toUpperCase(Locale.ROOT));
            assertThat(code(upper)).as("the decoded header is what counts").isEqualTo(22);
            assertThat(metrics.acceptedCount()).isEqualTo(1);
        }
    }

    @Test
    void anAuthorizationReadOffAnotherConnectionOrSignedByAnotherKeyIsRefused() throws IOException {
        int port = start();
        String user = miner.did().toString();
        try (StratumWire first = new StratumWire(port); StratumWire second = new StratumWire(port)) {
            first.subscribe();
            second.subscribe();
            assertThat(second.extranonce1).isNotEqualTo(first.extranonce1);
            String firstPassword = StratumWire.password(miner, POOL, first.extranonce1, user);
            assertThat(code(second.authorize(user, firstPassword))).as("replayed on another connection")
                    .isEqualTo(24);
            assertThat(code(second.authorize(user, StratumWire.password(other, POOL, second.extranonce1, user))))
                    .as("signed by another key").isEqualTo(24);
            assertThat(code(second.authorize(user, StratumWire.password(miner, "pool-2", second.extranonce1,
                    user)))).as("signed for another pool").isEqualTo(24);
            assertThat(code(second.submit(user, "00", "00000000", "00000000", "00000000")))
                    .as("nothing is taken from a connection not authorized").isEqualTo(24);
            assertThat(first.authorize(user, firstPassword).path("result").asBoolean()).isTrue();
        }
        try (StratumWire unsubscribed = new StratumWire(port)) {
            assertThat(code(unsubscribed.authorize(user, "x"))).isEqualTo(25);
            assertThat(code(unsubscribed.submit(user, "00", "00000000", "00000000", "00000000"))).isEqualTo(25);
        }
        assertThat(miners.count()).as("nothing is kept about a miner before a valid share").isZero();
    }

    @Test
    void aShareOnAnotherMinersJobOrUnderAnotherMinersNameIsRefused() throws IOException {
        int port = start();
        try (StratumWire victim = authorized(port, miner); StratumWire thief = authorized(port, other)) {
            JsonNode victimsJob = victim.nextJob();
            thief.nextJob();
            String nonce = victim.grind(victimsJob, "00000002", 0, victim.difficulty, true);
            assertThat(code(thief.submit(other.did().toString(), victimsJob.path(0).asString(), "00000002",
                    victimsJob.path(7).asString(), nonce))).as("job ids are per connection").isEqualTo(21);
            assertThat(code(thief.submit(miner.did().toString(), victimsJob.path(0).asString(), "00000002",
                    victimsJob.path(7).asString(), nonce))).as("another miner's name").isEqualTo(24);
            assertThat(victim.submit(miner.did().toString(), victimsJob.path(0).asString(), "00000002",
                    victimsJob.path(7).asString(), nonce).path("result").asBoolean())
                    .as("the victim's own share still counts").isTrue();
        }
    }

    @Test
    void malformedWrongExtranonceLowDifficultyAndNtimeOutsideItsWindowAreRefused() throws IOException {
        int port = start();
        try (StratumWire wire = authorized(port, miner)) {
            JsonNode job = wire.nextJob();
            String user = miner.did().toString();
            String id = job.path(0).asString();
            String ntime = job.path(7).asString();
            assertThat(code(wire.submit(user, id, "000001", ntime, "00000000"))).as("extranonce2 of 3 bytes")
                    .isEqualTo(20);
            assertThat(code(wire.submit(user, id, "0000000g", ntime, "00000000"))).as("not hex").isEqualTo(20);
            String low = wire.grind(job, "00000003", 0, wire.difficulty, false);
            assertThat(code(wire.submit(user, id, "00000003", ntime, low))).isEqualTo(23);
            String before = String.format("%08x", Integer.parseUnsignedInt(ntime, 16) - 1);
            assertThat(code(wire.submit(user, id, "00000003", before, low))).as("before the job's ntime")
                    .isEqualTo(20);
            String farAhead = String.format("%08x", Integer.parseUnsignedInt(ntime, 16) + 601);
            assertThat(code(wire.submit(user, id, "00000003", farAhead, low))).as("beyond 600 s ahead")
                    .isEqualTo(20);
            assertThat(code(wire.submit(user, "ffffffffffffffff", "00000003", ntime, low))).isEqualTo(21);
            wire.sendLine("{\"id\":99,\"method\":\"mining.submit\",\"params\":{}}");
            assertThat(code(wire.read())).isEqualTo(20);
            wire.sendLine("not json");
            assertThat(code(wire.read())).isEqualTo(20);
        }
    }

    @Test
    void aMinerThatAsksForAttestationsGetsOneSignedAttestationPerAcceptedShareAndNoneForARefusedOne()
            throws IOException {
        int port = start();
        String user = miner.did().toString();
        try (StratumWire wire = new StratumWire(port)) {
            JsonNode configured = wire.call("mining.configure", StratumWire.JSON.createArrayNode()
                    .add(StratumWire.JSON.createArrayNode().add("pouw-attestation"))
                    .add(StratumWire.JSON.createObjectNode()));
            assertThat(configured.path("result").path("pouw-attestation").asBoolean()).isTrue();
            assertThat(configured.path("result").path("pouw-attestation.pool").asString()).isEqualTo(POOL);
            assertThat(configured.path("result").path("pouw-attestation.audience").asString()).isEqualTo(AUDIENCE);
            wire.subscribe();
            assertThat(wire.authorize(user, StratumWire.password(miner, POOL, wire.extranonce1, user))
                    .path("result").asBoolean()).isTrue();
            JsonNode job = wire.nextJob();
            String nonce = wire.grind(job, "00000007", 0, wire.difficulty, true);
            assertThat(wire.submit(user, job.path(0).asString(), "00000007", job.path(7).asString(), nonce)
                    .path("result").asBoolean()).isTrue();
            assertThat(code(wire.submit(user, job.path(0).asString(), "00000007", job.path(7).asString(), nonce)))
                    .isEqualTo(22);
            String lowNonce = wire.grind(job, "00000008", 0, wire.difficulty, false);
            assertThat(code(wire.submit(user, job.path(0).asString(), "00000008", job.path(7).asString(),
                    lowNonce))).isEqualTo(23);
            // Every note sent before an answer arrives before it: the queue now holds all there will be.
            wire.call("mining.suggest_difficulty", StratumWire.JSON.createArrayNode().add(1));

            List<JsonNode> attestations = wire.takeNotes("mining.pouw_attestation");
            assertThat(attestations).as("one for the accepted share, none for the duplicate or the low one")
                    .hasSize(1);
            ObjectNode attestation = (ObjectNode) attestations.getFirst().path(0);
            assertThat(attestation.path("type").asString()).isEqualTo(ShareAttestor.TYPE);
            assertThat(attestation.path("pool").asString()).isEqualTo(POOL);
            assertThat(attestation.path("aud").asString()).isEqualTo(AUDIENCE);
            assertThat(attestation.path("miner").asString()).isEqualTo(user);
            byte[] header = HexFormat.of().parseHex(attestation.path("share").path("header").asString());
            assertThat(HexFormat.of().formatHex(header, 76, 80)).as("the submitted nonce, little-endian")
                    .isEqualTo(reversedBytes(nonce));
            assertThat(ShareHeader.hashValue(ShareHeader.sha256d(header)))
                    .isLessThanOrEqualTo(ShareHeader.target(attestation.path("share").path("difficulty").asLong()));
            assertThat(attestation.path("share").path("coinbase").asString()).as("names the miner, then extranonces")
                    .isEqualTo(HexFormat.of().formatHex(ShareHeader.coinbasePrefix(user)) + wire.extranonce1
                            + "00000007");
            ObjectNode unsigned = attestation.deepCopy();
            unsigned.remove("sig");
            assertThat(Ed25519.verify(poolKey.publicKey(), JacksonJcs.bytes(unsigned),
                    Base64.getUrlDecoder().decode(attestation.path("sig").asString()))).as("the pool's signature")
                    .isTrue();
        }
        try (StratumWire plain = authorized(port, other)) {
            JsonNode job = plain.nextJob();
            String otherUser = other.did().toString();
            String nonce = plain.grind(job, "00000009", 0, plain.difficulty, true);
            assertThat(plain.submit(otherUser, job.path(0).asString(), "00000009", job.path(7).asString(), nonce)
                    .path("result").asBoolean()).isTrue();
            plain.call("mining.suggest_difficulty", StratumWire.JSON.createArrayNode().add(1));
            assertThat(plain.takeNotes("mining.pouw_attestation")).as("a miner that did not ask is sent none")
                    .isEmpty();
        }
    }

    private static String reversedBytes(String hex) {
        StringBuilder reversed = new StringBuilder();
        for (int i = hex.length() - 2; i >= 0; i -= 2) {
            reversed.append(hex, i, i + 2);
        }
        return reversed.toString();
    }

    @Test
    void versionBitsInsideTheAnnouncedMaskAreAcceptedOnceAndOthersRefused() throws IOException {
        int port = start();
        try (StratumWire wire = new StratumWire(port)) {
            wire.subscribe();
            JsonNode configured = wire.call("mining.configure", StratumWire.JSON.createArrayNode()
                    .add(StratumWire.JSON.createArrayNode().add("version-rolling"))
                    .add(StratumWire.JSON.createObjectNode().put("version-rolling.mask", "ffffffff")));
            assertThat(configured.path("result").path("version-rolling.mask").asString()).isEqualTo("1fffe000");
            String user = miner.did().toString();
            assertThat(wire.authorize(user, StratumWire.password(miner, POOL, wire.extranonce1, user))
                    .path("result").asBoolean()).isTrue();
            JsonNode job = wire.nextJob();
            String id = job.path(0).asString();
            String ntime = job.path(7).asString();
            String rolled = wire.grind(job, "00000004", 0x00002000, wire.difficulty, true);
            assertThat(wire.submit(user, id, "00000004", ntime, rolled, "00002000").path("result").asBoolean())
                    .isTrue();
            assertThat(code(wire.submit(user, id, "00000004", ntime, rolled, "00002000"))).isEqualTo(22);
            assertThat(code(wire.submit(user, id, "00000004", ntime, rolled, "00001000")))
                    .as("a bit outside the mask").isEqualTo(20);
        }
    }

    @Test
    void aJobReplacedByCleanJobsIsTakenForTheGraceAndStaleAfter() throws IOException {
        int port = start();
        try (StratumWire wire = authorized(port, miner)) {
            JsonNode old = wire.nextJob();
            String user = miner.did().toString();
            // Past half of the challenge's 10 minutes: the pool fetches a fresh challenge and cleans the jobs.
            clock.advance(300_001);
            JsonNode fresh = wire.nextJob();
            assertThat(fresh.path(8).asBoolean()).isTrue();
            assertThat(fresh.path(1).asString()).as("work on a new challenge").isNotEqualTo(old.path(1).asString());
            assertThat(challenges.issued()).isEqualTo(2);
            String inGrace = wire.grind(old, "00000005", 0, wire.difficulty, true);
            assertThat(wire.submit(user, old.path(0).asString(), "00000005", old.path(7).asString(), inGrace)
                    .path("result").asBoolean()).as("within the 5 s grace").isTrue();
            clock.advance(5_001);
            String late = wire.grind(old, "00000006", 0, wire.difficulty, true);
            assertThat(code(wire.submit(user, old.path(0).asString(), "00000006", old.path(7).asString(), late)))
                    .isEqualTo(21);
            String onFresh = wire.grind(fresh, "00000006", 0, wire.difficulty, true);
            assertThat(wire.submit(user, fresh.path(0).asString(), "00000006", fresh.path(7).asString(), onFresh)
                    .path("result").asBoolean()).isTrue();
        }
    }

    @Test
    void anOverlongLineASilentConnectionAndConnectionsBeyondTheCapAreClosed() throws IOException {
        int port = start(StratumSettings.plainOnLoopback("127.0.0.1", 0).withLimits(2, 10_000, 600_000, 5_000));
        try (StratumWire longLine = new StratumWire(port)) {
            longLine.sendLine("{\"id\":1,\"method\":\"mining.subscribe\",\"params\":[\"" + "a".repeat(20_000)
                    + "\"]}");
            assertThat(longLine.closedByPool()).isTrue();
        }
        awaitConnections(0);
        try (StratumWire silent = new StratumWire(port); StratumWire second = new StratumWire(port)) {
            silent.subscribe();
            second.subscribe();
            try (StratumWire third = new StratumWire(port)) {
                assertThat(third.closedByPool()).as("over the cap of 2").isTrue();
            }
            clock.advance(10_001);
            assertThat(silent.closedByPool()).as("not authorized within 10 s").isTrue();
        }
    }

    private void awaitConnections(int count) {
        long giveUp = System.nanoTime() + 20_000_000_000L;
        while (server.connections() != count && System.nanoTime() < giveUp) {
            Thread.onSpinWait();
        }
        assertThat(server.connections()).isEqualTo(count);
    }

    @Test
    void plaintextListensOnlyOnLoopbackUnlessTheOperatorAcceptsTheRisk() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StratumSettings.of("0.0.0.0", 3333, -1, null,
                false)).hasMessageContaining("stratum_port is plaintext");
        assertThat(StratumSettings.of("0.0.0.0", 3333, -1, null, true).plainPort()).isEqualTo(3333);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> StratumSettings.of("127.0.0.1", -1, 3334, null,
                false)).hasMessageContaining("stratum_tls_keystore");
    }
}
