package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.pouw.chain.block.Block;
import org.pouw.chain.tx.Transaction;

/**
 * The chain's POST bodies, lightly fuzzed against a real node: JSON of any shape, base64 of random bytes, real blocks
 * and transactions with bytes flipped — every answer is a 2xx or a 4xx, never a 5xx, and garbage never moves the
 * tip.
 */
class ChainRequestFuzzTest {
    static HttpChainFixture chain;
    static RunningNode node;
    static String token;
    static byte[] block;
    static byte[] tx;

    @BeforeContainer
    static void start() {
        try {
            Path dir = Files.createTempDirectory("pouw-chain-fuzz");
            chain = new HttpChainFixture();
            node = chain.startNode(dir, HttpChainFixture.clock());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        token = node.signIn(HttpChainFixture.CAROL);
        List<Block> mined = chain.mine(HttpChainFixture.ALICE, chain.genesisNode(), 2);
        node.post("/v1/chain/blocks", HttpChainFixture.blockBody(mined.get(0)), null);
        block = mined.get(1).encode();
        Transaction pay = chain.transfer(HttpChainFixture.CAROL, 0, 10, HttpChainFixture.BOB, 5);
        tx = pay.encode();
    }

    @AfterContainer
    static void stop() {
        node.close();
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(s -> RunningNode.JSON.writeValueAsString(s)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)
                        .map(bytes -> "\"" + Base64.getEncoder().encodeToString(bytes) + "\""),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.of("null", "true", "[]", "{}", "\"\"", "\"====\"", "1e999", "[\"AA==\"]"));
        return Arbitraries.maps(Arbitraries.of("block", "tx", "other"), values).ofMaxSize(3).map(map -> {
            StringBuilder json = new StringBuilder("{");
            map.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                    .append(v));
            return json.append('}').toString();
        });
    }

    @Property(tries = 150)
    void anyJsonBodyIsAnsweredWithoutA5xx(@ForAll("jsonish") String body, @ForAll boolean blocks) {
        String path = blocks ? "/v1/chain/blocks" : "/v1/chain/txs";
        RunningNode.Reply reply = node.post(path, body, null);
        assertThat(reply.status()).as(path + " " + body).isBetween(200, 499);
        assertThat(node.get("/v1/chain/head").json().path("height").asLong()).isEqualTo(1);
    }

    @Property(tries = 150)
    void flippedBlockAndTransactionBytesAreAnsweredWithoutA5xx(@ForAll boolean blocks,
                                                               @ForAll @IntRange(min = 0, max = 1 << 20) int at,
                                                               @ForAll @IntRange(min = 1, max = 255) int mask) {
        byte[] bytes = (blocks ? block : tx).clone();
        bytes[at % bytes.length] ^= (byte) mask;
        RunningNode.Reply reply = node.post(blocks ? "/v1/chain/blocks" : "/v1/chain/txs",
                RunningNode.JSON.createObjectNode().put(blocks ? "block" : "tx",
                        Base64.getEncoder().encodeToString(bytes)), null);
        assertThat(reply.status()).as(reply.json().toString()).isBetween(200, 499);
        if (reply.status() == 400) {
            assertThat(reply.json().path("error").path("reason").asString()).isNotEmpty();
        }
    }

    @Property(tries = 60)
    void anyDatasetUploadIsAnsweredWithoutA5xx(@ForAll byte[] bytes) {
        int status = node.send(HttpRequest.newBuilder(URI.create(node.base + "/v1/chain/datasets"))
                .header("Content-Type", "application/octet-stream").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).status();
        assertThat(status).isBetween(200, 499);
    }
}
