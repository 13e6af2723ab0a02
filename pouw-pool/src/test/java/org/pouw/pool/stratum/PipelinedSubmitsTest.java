package org.pouw.pool.stratum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.ledger.GatedShareStore;
import org.pouw.pool.ledger.GroupCommitLedger;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareValidator;
import tools.jackson.databind.JsonNode;

/**
 * A miner's pipelined submits (issue 23 §4; docs/pool.md §3a): a burst of submits read together is queued for the
 * share ledger together and shares its group commit, yet no answer leaves before that commit is done, the answers come
 * in request order (also a refusal decided before the ledger waits for the accepted shares before it), and a header
 * sent twice in one burst, or again after it, counts once.
 */
class PipelinedSubmitsTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String POOL = "pool-1";

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static String submit(int id, String user, String jobId, String extranonce2, String ntime, String nonce) {
        return "{\"id\":" + id + ",\"method\":\"mining.submit\",\"params\":[\"" + user + "\",\"" + jobId + "\",\""
                + extranonce2 + "\",\"" + ntime + "\",\"" + nonce + "\"]}";
    }

    /** The next answer to a request (notifications skipped). */
    private static JsonNode answer(StratumWire wire) throws IOException {
        while (true) {
            JsonNode message = wire.read();
            if (message.path("id").isIntegralNumber()) {
                return message;
            }
        }
    }

    @Test
    void aBurstSharesACommitIsAnsweredInOrderOnlyAfterItAndCountsARepeatedHeaderOnce() throws Exception {
        SettableClock clock = new SettableClock(T0);
        Ed25519.KeyPair node = Ed25519.KeyPair.fromPrivateKey(filled(3));
        Ed25519.KeyPair miner = Ed25519.KeyPair.fromPrivateKey(filled(1));
        Miners miners = new Miners(VardiffSettings.defaults(1), ReputationSettings.defaults(), clock);
        GatedShareStore store = new GatedShareStore();
        try (GroupCommitLedger ledger = new GroupCommitLedger(store);
             StratumServer server = new StratumServer(StratumSettings.plainOnLoopback("127.0.0.1", 0),
                     new ShareValidator(node.publicKey(), clock, 5_000, miners, ledger, POOL),
                     new PoolMetrics(miners, clock), new SignedTestChallenges(node, clock, 4, 600_000), clock,
                     new ShareAttestor(Ed25519.KeyPair.fromPrivateKey(filled(4)), POOL, "node-a", clock, 300_000))) {
            server.start();
            try (StratumWire wire = new StratumWire(server.plainPort())) {
                wire.subscribe();
                String user = miner.did().toString();
                assertThat(wire.authorize(user, StratumWire.password(miner, POOL, wire.extranonce1, user))
                        .path("result").asBoolean()).isTrue();
                JsonNode job = wire.nextJob();
                String jobId = job.path(0).asString();
                String ntime = job.path(7).asString();
                String a = wire.grind(job, "00000001", 0, wire.difficulty, true);
                String b = wire.grind(job, "00000002", 0, wire.difficulty, true);
                String c = wire.grind(job, "00000003", 0, wire.difficulty, true);
                // One write: the pool reads the five requests as one burst.
                wire.sendLine(String.join("\n", submit(10, user, jobId, "00000001", ntime, a),
                        submit(11, user, jobId, "00000002", ntime, b),
                        submit(12, user, jobId, "00000001", ntime, a),
                        submit(13, user, jobId, "0001", ntime, a),
                        submit(14, user, jobId, "00000003", ntime, c)));
                assertThat(store.entered().await(10, TimeUnit.SECONDS)).as("a commit is in flight").isTrue();
                wire.timeout(500);
                assertThatThrownBy(() -> answer(wire)).as("nothing is answered before the commit")
                        .isInstanceOf(SocketTimeoutException.class);

                store.open().countDown();
                wire.timeout(20_000);
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    JsonNode answer = answer(wire);
                    answers.add(answer.path("id").asInt() + ":" + (answer.path("result").asBoolean()
                            ? "true" : answer.path("error").path(0).asInt()));
                }
                assertThat(answers).as("in request order; the repeat in the burst is a duplicate (22), the short "
                        + "extranonce2 malformed (20)").containsExactly("10:true", "11:true", "12:22", "13:20",
                        "14:true");
                assertThat(store.groups().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
                assertThat(store.groups().size()).as("the burst's four ledger records shared commits")
                        .isLessThanOrEqualTo(2);
                wire.sendLine(submit(15, user, jobId, "00000002", ntime, b));
                assertThat(answer(wire).path("error").path(0).asInt()).as("sent again in a later burst")
                        .isEqualTo(22);
                assertThat(store.since(user, 0).shares()).isEqualTo(3);
            }
        }
    }
}
