package org.pouw.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.JcsWriter;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.poolattest.HeaderShare;
import org.pouw.gate.poolattest.PoolAttestation;
import org.pouw.gate.poolattest.PoolAttestationSigner;

/**
 * Test support: a real HTTP server on loopback answering {@code POST /pool/share} the way a pool in a given state
 * does — attesting (signed with its key, for its audience), refusing with 4xx, failing with 5xx, answering garbage,
 * or answering slowly. The pool's own share rules are pouw-pool's and tested there and in pouw-cli's {@code PoolIT};
 * here what matters is how the node's client takes each kind of answer.
 */
final class StandInPool implements AutoCloseable {
    enum Behaviour { ATTEST, REFUSE, FAIL, GARBAGE, FOREIGN_KEY, SLOW }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Ed25519.KeyPair key;
    private final String audience;
    private final AtomicInteger received = new AtomicInteger();
    private volatile Behaviour behaviour = Behaviour.ATTEST;
    private HttpServer server;
    private int port;

    StandInPool(Ed25519.KeyPair key, String audience) throws IOException {
        this.key = key;
        this.audience = audience;
        listen(0);
    }

    private void listen(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/pool/share", this::share);
        server.start();
        port = server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void behave(Behaviour next) {
        behaviour = next;
    }

    int received() {
        return received.get();
    }

    /** Gone: the port refuses connections, as after kill -9. */
    void stop() {
        server.stop(0);
    }

    /** Back on the same port. */
    void restart() throws IOException {
        listen(port);
    }

    private void share(HttpExchange exchange) throws IOException {
        try (exchange) {
            received.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            switch (behaviour) {
                case ATTEST -> answer(exchange, 200, "{\"valid\":true,\"miner_reputation\":0.75,\"attestation\":"
                        + attestation(body, key) + "}");
                case FOREIGN_KEY -> answer(exchange, 200, "{\"valid\":true,\"attestation\":"
                        + attestation(body, Ed25519.KeyPair.generate()) + "}");
                case REFUSE -> {
                    List<String> codes = List.of("409 duplicate", "422 low_difficulty", "429 rate_limited",
                            "401 bad_signature", "400 malformed");
                    String[] pick = codes.get(received.get() % codes.size()).split(" ");
                    answer(exchange, Integer.parseInt(pick[0]), "{\"error\":{\"code\":\"" + pick[1]
                            + "\",\"message\":\"refused by the pool\",\"field\":\"difficulty\"}}");
                }
                case FAIL -> answer(exchange, 503, "{\"error\":{\"code\":\"unavailable\",\"message\":\"ledger\"}}");
                case GARBAGE -> answer(exchange, 200, "<html>surely not an attestation</html>");
                case SLOW -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    answer(exchange, 200, "{\"valid\":true,\"attestation\":" + attestation(body, key) + "}");
                }
            }
        }
    }

    private String attestation(byte[] shareBody, Ed25519.KeyPair signer) {
        JcsValue.Obj share = (JcsValue.Obj) StrictJsonParser.unicode(1 << 16).parse(shareBody);
        HexFormat hex = HexFormat.of();
        HeaderShare work = new HeaderShare(share.object("challenge"), hex.parseHex(share.text("solution")),
                hex.parseHex(share.text("coinbase")), List.of(), share.integer("difficulty"));
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        long now = System.currentTimeMillis();
        PoolAttestation attestation = new PoolAttestation(hex.formatHex(id), "pool-1", audience,
                share.text("miner_address"), work, now, now + 120_000);
        return new String(JcsWriter.canonicalBytes(new PoolAttestationSigner(signer).sign(attestation)),
                StandardCharsets.US_ASCII);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
