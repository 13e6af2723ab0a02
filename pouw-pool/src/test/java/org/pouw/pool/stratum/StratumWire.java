package org.pouw.pool.stratum;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.share.ShareHeader;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Test support: one raw Stratum connection, speaking the lines by hand so each test can also send what no honest
 * miner would; notifications are queued as they arrive.
 */
final class StratumWire implements AutoCloseable {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HexFormat HEX = HexFormat.of();

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;
    private final Deque<JsonNode> notes = new ArrayDeque<>();
    private int nextId = 1;
    String extranonce1;
    long difficulty;

    StratumWire(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** How long a read waits before it fails with a timeout. */
    void timeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    void sendLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends a request and returns its answer, queueing notifications that come first. */
    JsonNode call(String method, ArrayNode params) throws IOException {
        int id = nextId++;
        ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
        request.set("params", params);
        sendLine(JSON.writeValueAsString(request));
        while (true) {
            JsonNode message = read();
            if (message.path("id").isIntegralNumber() && message.path("id").asInt() == id) {
                return message;
            }
            queue(message);
        }
    }

    JsonNode read() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the pool closed the connection");
        }
        return JSON.readTree(line);
    }

    /** Whether the pool closed the connection within the socket's timeout. */
    boolean closedByPool() throws IOException {
        try {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    return true;
                }
                queue(JSON.readTree(line));
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private void queue(JsonNode message) {
        if (message.path("method").asString("").equals("mining.set_difficulty")) {
            difficulty = message.path("params").path(0).asLong();
        }
        notes.add(message);
    }

    /** The next {@code mining.notify}, read from the wire if none is queued. */
    JsonNode nextJob() throws IOException {
        while (true) {
            JsonNode note = notes.poll();
            if (note == null) {
                note = read();
                queue(note);
                continue;
            }
            if (note.path("method").asString("").equals("mining.notify")) {
                return note.path("params");
            }
        }
    }

    /** The notifications of {@code method} queued so far, taken off the queue. */
    java.util.List<JsonNode> takeNotes(String method) {
        java.util.List<JsonNode> taken = new java.util.ArrayList<>();
        notes.removeIf(note -> {
            boolean match = note.path("method").asString("").equals(method);
            if (match) {
                taken.add(note.path("params"));
            }
            return match;
        });
        return taken;
    }

    JsonNode subscribe() throws IOException {
        JsonNode answer = call("mining.subscribe", JSON.createArrayNode().add("test-wire/1"));
        extranonce1 = answer.path("result").path(1).asString();
        return answer;
    }

    static String password(Ed25519.KeyPair key, String pool, String extranonce1, String user) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.sign(
                StratumAuthorization.preimage(pool, extranonce1, user)));
    }

    JsonNode authorize(String user, String password) throws IOException {
        return call("mining.authorize", JSON.createArrayNode().add(user).add(password));
    }

    JsonNode submit(String user, String jobId, String extranonce2, String ntime, String nonce, String... version)
            throws IOException {
        ArrayNode params = JSON.createArrayNode().add(user).add(jobId).add(extranonce2).add(ntime).add(nonce);
        for (String bits : version) {
            params.add(bits);
        }
        return call("mining.submit", params);
    }

    /**
     * The first nonce (as Stratum's 8 hex digits) whose header on {@code job} with {@code extranonce2} and
     * {@code versionBits} meets (or, with {@code meets} false, misses) {@code difficulty}.
     */
    String grind(JsonNode job, String extranonce2, int versionBits, long difficulty, boolean meets) {
        byte[] coinbase = concat(HEX.parseHex(job.path(2).asString()), HEX.parseHex(extranonce1),
                HEX.parseHex(extranonce2), HEX.parseHex(job.path(3).asString()));
        byte[] swapped = HEX.parseHex(job.path(1).asString());
        byte[] prev = new byte[32];
        for (int i = 0; i < 32; i++) {
            prev[i] = swapped[(i & ~3) + 3 - (i & 3)];
        }
        ByteBuffer header = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(Integer.parseUnsignedInt(job.path(5).asString(), 16) | versionBits).put(prev)
                .put(ShareHeader.merkleRoot(coinbase, List.of()))
                .putInt(Integer.parseUnsignedInt(job.path(7).asString(), 16))
                .putInt(Integer.parseUnsignedInt(job.path(6).asString(), 16)).putInt(0);
        byte[] bytes = header.array();
        for (int nonce = 0; ; nonce++) {
            ByteBuffer.wrap(bytes, 76, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(nonce);
            boolean under = ShareHeader.hashValue(ShareHeader.sha256d(bytes))
                    .compareTo(ShareHeader.target(difficulty)) <= 0;
            if (under == meets) {
                return String.format("%08x", nonce);
            }
        }
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer all = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
