package org.pouw.pool.stratum;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.core.Clock;
import org.pouw.pool.PoolLog;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.share.ShareChallenge;
import org.pouw.pool.share.ShareHeader;
import org.pouw.pool.share.ShareInFlight;
import org.pouw.pool.share.ShareReason;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.share.ShareVerdict;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One miner's Stratum V1 connection (issue 23 §2; docs/pool.md §3a): newline-delimited JSON requests answered in
 * order, one authorized miner per connection, jobs built on the node's share challenges for that miner, and each
 * {@code mining.submit} assembled into the 80-byte header the HTTP transport would carry and judged by the same
 * {@link ShareValidator}. A connection that asks for attestations ({@code mining.configure} with the extension
 * {@value #ATTESTATION_EXTENSION}) is sent one {@value #ATTESTATION_METHOD} notification per accepted share, right
 * after its {@code true}: the same signed object the HTTP transport answers with. Runs on its own (virtual) thread;
 * reads time out every {@link #TICK_MS} so deadlines, challenge refreshes and difficulty changes happen between
 * requests. Requests are read in bursts and their answers written together once the burst is handled, so a miner
 * that pipelines its submits costs one read and one write a burst, not a system call a byte and a write an answer.
 * The submits of a burst are checked one by one and queued for the share ledger's group commit together
 * ({@link ShareValidator#beginStratum}); their answers are written in order once their commit is done, before any
 * later answer: a {@code true} never leaves before its share is committed, and the burst shares one commit rather
 * than one each.
 */
final class StratumSession implements Runnable {
    static final int TICK_MS = 250;
    /** The fixed version a job carries; miners may roll only the announced mask's bits. */
    static final int JOB_VERSION = 0x20000000;
    /** The BIP 310 extension a miner names to be sent attestations (docs/pool.md §3a). */
    static final String ATTESTATION_EXTENSION = "pouw-attestation";
    static final String ATTESTATION_METHOD = "mining.pouw_attestation";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom JOB_IDS = new SecureRandom();
    /** Submits of one burst waiting for their commit at most: beyond it the session answers them before reading on. */
    static final int MAX_IN_FLIGHT = 64;

    /** A submit whose answer waits for its verdict, or (share null) a refusal waiting for the answers before it. */
    private record Submitted(JsonNode id, ShareInFlight share, ObjectNode refusal, long receivedMs) {
    }

    private final Socket socket;
    private final StratumSettings settings;
    private final ShareValidator validator;
    private final PoolMetrics metrics;
    private final ShareChallengeSource challenges;
    private final Clock clock;
    private final ShareAttestor attestor;
    private final byte[] extranonce1;
    private final String extranonce1Hex;
    private final long openedAtMs;
    private final Map<String, StratumJob> jobs = new LinkedHashMap<>();
    private final ArrayDeque<Submitted> inFlight = new ArrayDeque<>();
    private OutputStream out;
    private boolean subscribed;
    private int versionMask;
    private boolean attesting;
    private String user;
    private String miner;
    private long suggested;
    private long difficulty;
    private long lastHeardMs;
    private ObjectNode challengeNode;
    private ShareChallenge challenge;
    private long refreshAtMs;

    StratumSession(Socket socket, StratumSettings settings, ShareValidator validator, PoolMetrics metrics,
            ShareChallengeSource challenges, Clock clock, ShareAttestor attestor, byte[] extranonce1) {
        this.socket = socket;
        this.settings = settings;
        this.validator = validator;
        this.metrics = metrics;
        this.challenges = challenges;
        this.clock = clock;
        this.attestor = attestor;
        this.extranonce1 = extranonce1.clone();
        this.extranonce1Hex = HEX.formatHex(extranonce1);
        this.openedAtMs = clock.millis();
        this.lastHeardMs = openedAtMs;
    }

    @Override
    public void run() {
        String closedBecause = "closed by the miner";
        try (socket) {
            socket.setSoTimeout(TICK_MS);
            socket.setTcpNoDelay(true);
            out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            StratumLineReader in = new StratumLineReader(socket.getInputStream(), settings.maxLineBytes());
            while (true) {
                String line = in.readLine();
                long now = clock.millis();
                if (line != null) {
                    lastHeardMs = now;
                    if (!line.isBlank()) {
                        handle(line);
                    }
                }
                String deadline = deadlinePassed(now);
                if (deadline != null) {
                    closedBecause = deadline;
                    return;
                }
                keepWorkFresh(now);
                if (!in.buffered()) {
                    // Answers go out together once the requests read so far are handled: one write for a burst.
                    answerSubmits();
                    out.flush();
                }
            }
        } catch (StratumLineReader.LineTooLongException e) {
            closedBecause = e.getMessage();
        } catch (IOException e) {
            closedBecause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            PoolLog.event("stratum_closed", "extranonce1", extranonce1Hex, "miner", miner == null ? "" : miner,
                    "reason", closedBecause);
        }
    }

    private String deadlinePassed(long now) {
        if (miner == null && now - openedAtMs > settings.authorizeDeadlineMs()) {
            return "not authorized within " + settings.authorizeDeadlineMs() + " ms";
        }
        if (now - lastHeardMs > settings.idleTimeoutMs()) {
            return "silent for " + settings.idleTimeoutMs() + " ms";
        }
        return null;
    }

    private void handle(String line) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(line);
        } catch (JacksonException e) {
            send(error(null, 20, "not JSON: " + e.getOriginalMessage()));
            return;
        }
        if (!(request instanceof ObjectNode) || !request.path("method").isString() || !request.path("params")
                .isArray()) {
            send(error(request.get("id"), 20, "a request is {\"id\",\"method\",\"params\":[…]}"));
            return;
        }
        JsonNode id = request.get("id");
        ArrayNode params = (ArrayNode) request.get("params");
        switch (request.get("method").asString()) {
            case "mining.subscribe" -> subscribe(id);
            case "mining.configure" -> configure(id, params);
            case "mining.authorize" -> authorize(id, params);
            case "mining.suggest_difficulty" -> suggestDifficulty(id, params);
            case "mining.submit" -> submit(id, params);
            default -> send(error(id, 20, "unknown method " + request.get("method").asString()));
        }
    }

    private void subscribe(JsonNode id) throws IOException {
        if (subscribed) {
            send(error(id, 20, "subscribed already"));
            return;
        }
        subscribed = true;
        ArrayNode result = JSON.createArrayNode();
        ArrayNode subscriptions = result.addArray();
        subscriptions.addArray().add("mining.set_difficulty").add(extranonce1Hex);
        subscriptions.addArray().add("mining.notify").add(extranonce1Hex);
        result.add(extranonce1Hex).add(Extranonces.EXTRANONCE2_BYTES);
        send(result(id, result));
    }

    /**
     * BIP 310's extensions: version rolling (the miner gets the pool's mask, narrowed to what it asked for) and this
     * pool's attestations (the answer names the pool and the audience the attestations are for); any other is
     * answered false.
     */
    private void configure(JsonNode id, ArrayNode params) throws IOException {
        ObjectNode result = JSON.createObjectNode();
        JsonNode extensions = params.path(0);
        JsonNode options = params.path(1);
        for (JsonNode extension : extensions) {
            String name = extension.asString("");
            if (name.equals("version-rolling")) {
                int asked;
                try {
                    asked = Integer.parseUnsignedInt(options.path("version-rolling.mask").asString("ffffffff"), 16);
                } catch (NumberFormatException e) {
                    send(error(id, 20, "version-rolling.mask must be 8 hex digits"));
                    return;
                }
                versionMask = settings.versionMask() & asked;
                result.put("version-rolling", true);
                result.put("version-rolling.mask", String.format("%08x", versionMask));
            } else if (name.equals(ATTESTATION_EXTENSION)) {
                attesting = true;
                result.put(ATTESTATION_EXTENSION, true);
                result.put(ATTESTATION_EXTENSION + ".pool", attestor.pool());
                result.put(ATTESTATION_EXTENSION + ".audience", attestor.audience());
            } else {
                result.put(name, false);
            }
        }
        send(result(id, result));
    }

    private void authorize(JsonNode id, ArrayNode params) throws IOException {
        if (!subscribed) {
            send(error(id, 25, "not subscribed"));
            return;
        }
        String asUser = params.path(0).asString("");
        String password = params.path(1).isString() ? params.path(1).asString() : null;
        if (!StratumAuthorization.holds(attestor.pool(), extranonce1Hex, asUser, password)) {
            PoolLog.event("stratum_unauthorized", "extranonce1", extranonce1Hex);
            send(error(id, 24, "unauthorized worker: the user is did:key[.worker] and the password its signature "
                    + "(docs/pool.md §3a)"));
            return;
        }
        String did = StratumAuthorization.didOf(asUser);
        if (miner != null && !miner.equals(did)) {
            send(error(id, 24, "one miner per connection; this one is " + miner));
            return;
        }
        if (miner != null) {
            user = asUser;
            send(result(id, JSON.getNodeFactory().booleanNode(true)));
            return;
        }
        ObjectNode fresh;
        ShareChallenge verified;
        try {
            fresh = challenges.issue(did);
            verified = validator.verifiedChallenge(fresh);
        } catch (RuntimeException e) {
            PoolLog.event("stratum_no_challenge", "miner", did, "error", String.valueOf(e.getMessage()));
            send(error(id, 20, "the node issued no share challenge for this miner; try again shortly"));
            return;
        }
        miner = did;
        user = asUser;
        PoolLog.event("stratum_authorized", "extranonce1", extranonce1Hex, "miner", miner);
        send(result(id, JSON.getNodeFactory().booleanNode(true)));
        long now = clock.millis();
        useChallenge(fresh, verified, now);
        difficulty = wantedDifficulty();
        send(notification("mining.set_difficulty", JSON.createArrayNode().add(difficulty)));
        sendJob(now, true);
    }

    /** A miner may ask for more work per share, never for less than the pool and node require. */
    private void suggestDifficulty(JsonNode id, ArrayNode params) throws IOException {
        JsonNode value = params.path(0);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 1
                || value.asLong() > ShareHeader.MAX_DIFFICULTY) {
            send(error(id, 20, "suggest_difficulty takes an integer 1…2^53 − 1 (expected hashes)"));
            return;
        }
        suggested = value.asLong();
        send(result(id, JSON.getNodeFactory().booleanNode(true)));
        if (miner != null) {
            retarget(clock.millis());
        }
    }

    private void submit(JsonNode id, ArrayNode params) throws IOException {
        if (!subscribed) {
            send(error(id, 25, "not subscribed"));
            return;
        }
        if (params.size() < 5 || params.size() > 6) {
            refuse(id, ShareReason.MALFORMED, "submit takes [worker, job_id, extranonce2, ntime, nonce, "
                    + "version_bits?]");
            return;
        }
        for (JsonNode param : params) {
            if (!param.isString()) {
                refuse(id, ShareReason.MALFORMED, "every submit parameter is a string");
                return;
            }
        }
        if (miner == null || !params.get(0).asString().equals(user)) {
            metrics.refused(ShareReason.WRONG_MINER);
            send(error(id, 24, "unauthorized worker " + params.get(0).asString()));
            return;
        }
        long now = clock.millis();
        StratumJob job = jobs.get(params.get(1).asString());
        if (job == null || now >= job.takenUntilMs()) {
            refuse(id, ShareReason.STALE, "job not found (stale or unknown)");
            return;
        }
        byte[] extranonce2 = hex(params.get(2).asString(), Extranonces.EXTRANONCE2_BYTES);
        if (extranonce2 == null) {
            refuse(id, ShareReason.MALFORMED, "extranonce2 must be " + Extranonces.EXTRANONCE2_BYTES + " bytes in hex");
            return;
        }
        byte[] ntimeBytes = hex(params.get(3).asString(), 4);
        byte[] nonceBytes = hex(params.get(4).asString(), 4);
        byte[] versionBits = params.size() == 6 ? hex(params.get(5).asString(), 4) : new byte[4];
        if (ntimeBytes == null || nonceBytes == null || versionBits == null) {
            refuse(id, ShareReason.MALFORMED, "ntime, nonce and version_bits are 4 bytes in hex");
            return;
        }
        int ntime = ByteBuffer.wrap(ntimeBytes).getInt();
        long nowSeconds = now / 1000;
        if (Integer.toUnsignedLong(ntime) < Integer.toUnsignedLong(job.ntime())
                || Integer.toUnsignedLong(ntime) > nowSeconds + settings.ntimeAheadSeconds()) {
            refuse(id, ShareReason.MALFORMED, "ntime must be from the job's ntime to " + settings.ntimeAheadSeconds()
                    + " s past the pool's clock");
            return;
        }
        int rolled = ByteBuffer.wrap(versionBits).getInt();
        if ((rolled & ~versionMask) != 0) {
            refuse(id, ShareReason.MALFORMED, "version_bits outside the announced mask "
                    + String.format("%08x", versionMask));
            return;
        }
        byte[] coinbase = coinbase(extranonce2);
        ByteBuffer header = ByteBuffer.allocate(ShareHeader.LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt((job.version() & ~versionMask) | rolled).put(job.challenge().prevHash())
                .put(ShareHeader.merkleRoot(coinbase, List.of())).putInt(ntime).putInt(ShareHeader.NBITS)
                .putInt(ByteBuffer.wrap(nonceBytes).getInt());
        ShareInFlight share;
        try {
            share = validator.beginStratum(miner, job.challenge(), job.challengeNode(), header.array(), coinbase,
                    job.difficulty());
        } catch (RuntimeException e) {
            answerSubmits();
            unrecorded(id, e);
            return;
        }
        inFlight.add(new Submitted(id, share, null, now));
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            answerSubmits();
        }
    }

    /**
     * Answers the submits in flight, in order, each once its verdict is known: an accepted share only after the
     * ledger committed it. Then vardiff's difficulty, once for them all.
     */
    private void answerSubmits() throws IOException {
        if (inFlight.isEmpty()) {
            return;
        }
        long last = 0;
        Submitted submitted;
        while ((submitted = inFlight.poll()) != null) {
            last = submitted.receivedMs();
            if (submitted.share() == null) {
                write(submitted.refusal());
                continue;
            }
            ShareVerdict verdict;
            try {
                verdict = validator.settle(submitted.share());
            } catch (RuntimeException e) {
                unrecorded(submitted.id(), e);
                continue;
            }
            if (verdict instanceof ShareVerdict.Refused refused) {
                metrics.refused(refused.reason());
                write(error(submitted.id(), refused.reason().stratumCode(), refused.reason().code() + ": "
                        + refused.message()));
                continue;
            }
            ShareVerdict.Accepted accepted = (ShareVerdict.Accepted) verdict;
            metrics.accepted(miner, accepted.credited());
            write(result(submitted.id(), JSON.getNodeFactory().booleanNode(true)));
            if (attesting) {
                // Sent on this connection only, whose miner proved its did at authorize; the node issues a token for
                // it only to a request that miner signed, so an attestation read off the wire buys nobody else
                // anything.
                write(notification(ATTESTATION_METHOD, JSON.createArrayNode().add(attestor.attest(accepted.share()))));
            }
        }
        retarget(last);
    }

    private void unrecorded(JsonNode id, RuntimeException e) throws IOException {
        // The share ledger did not answer: nothing was acknowledged, so the miner may send it again.
        metrics.unavailable();
        PoolLog.event("share_unrecorded", "miner", miner, "error", String.valueOf(e.getMessage()));
        write(error(id, 20, "the pool's share ledger did not answer; submit again shortly"));
    }

    /** A submit refused before the ledger: answered at once, or after the submits still in flight before it. */
    private void refuse(JsonNode id, ShareReason reason, String message) throws IOException {
        metrics.refused(reason);
        ObjectNode refusal = error(id, reason.stratumCode(), reason.code() + ": " + message);
        if (inFlight.isEmpty()) {
            write(refusal);
        } else {
            inFlight.add(new Submitted(id, null, refusal, clock.millis()));
        }
    }

    /** Between requests: a fresh challenge before the current one runs out, and vardiff's latest difficulty. */
    private void keepWorkFresh(long now) throws IOException {
        if (miner == null) {
            return;
        }
        jobs.values().removeIf(job -> now >= job.takenUntilMs());
        if (now >= refreshAtMs) {
            try {
                ObjectNode fresh = challenges.issue(miner);
                useChallenge(fresh, validator.verifiedChallenge(fresh), now);
                jobs.replaceAll((jobId, job) -> job.replacedAt(now, settings.staleGraceMs()));
                sendJob(now, true);
            } catch (RuntimeException e) {
                // The node is unreachable for now: keep the current work until it expires, and ask again soon.
                refreshAtMs = Math.min(now + 5_000, Math.max(now, challenge.expiresAtMs() - 1));
                PoolLog.event("stratum_no_challenge", "miner", miner, "error", String.valueOf(e.getMessage()));
            }
        }
        retarget(now);
    }

    private void useChallenge(ObjectNode fresh, ShareChallenge verified, long now) {
        challengeNode = fresh;
        challenge = verified;
        // Halfway through its life: the miner always holds work with time left on it.
        refreshAtMs = now + Math.max(1_000, (verified.expiresAtMs() - now) / 2);
    }

    private void retarget(long now) throws IOException {
        long wanted = wantedDifficulty();
        if (wanted != difficulty) {
            difficulty = wanted;
            send(notification("mining.set_difficulty", JSON.createArrayNode().add(difficulty)));
            sendJob(now, false);
        }
    }

    /** The miner's vardiff difficulty, at least the node's minimum for its challenge and what the miner asked. */
    private long wantedDifficulty() {
        long nodeFloor = challenge.minBits() >= 53 ? ShareHeader.MAX_DIFFICULTY : 1L << challenge.minBits();
        return Math.max(Math.max(validator.miners().required(miner), nodeFloor), suggested);
    }

    private void sendJob(long now, boolean clean) throws IOException {
        byte[] jobId = new byte[8];
        JOB_IDS.nextBytes(jobId);
        int ntime = (int) (now / 1000);
        StratumJob job = new StratumJob(HEX.formatHex(jobId), challengeNode, challenge, difficulty, ntime,
                JOB_VERSION, challenge.expiresAtMs());
        jobs.put(job.id(), job);
        byte[] coinbase1 = ShareHeader.coinbasePrefix(miner);
        ArrayNode params = JSON.createArrayNode();
        params.add(job.id()).add(stratumPrevHash(challenge.prevHash())).add(HEX.formatHex(coinbase1)).add("")
                .addArray();
        params.add(String.format("%08x", JOB_VERSION)).add(String.format("%08x", ShareHeader.NBITS))
                .add(String.format("%08x", ntime)).add(clean);
        send(notification("mining.notify", params));
    }

    private byte[] coinbase(byte[] extranonce2) {
        byte[] prefix = ShareHeader.coinbasePrefix(miner);
        byte[] coinbase = new byte[prefix.length + extranonce1.length + extranonce2.length];
        System.arraycopy(prefix, 0, coinbase, 0, prefix.length);
        System.arraycopy(extranonce1, 0, coinbase, prefix.length, extranonce1.length);
        System.arraycopy(extranonce2, 0, coinbase, prefix.length + extranonce1.length, extranonce2.length);
        return coinbase;
    }

    /** Stratum's convention for prevhash: the header's 32 bytes with each 4-byte word's bytes reversed. */
    static String stratumPrevHash(byte[] headerBytes) {
        byte[] swapped = new byte[32];
        for (int i = 0; i < 32; i++) {
            swapped[i] = headerBytes[(i & ~3) + 3 - (i & 3)];
        }
        return HEX.formatHex(swapped);
    }

    /** Exactly {@code bytes} bytes of hex, either case (the header they decode to is what counts). */
    private static byte[] hex(String text, int bytes) {
        if (text.length() != 2 * bytes) {
            return null;
        }
        try {
            return HEX.parseHex(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("id", id);
        answer.set("result", result);
        answer.putNull("error");
        return answer;
    }

    private static ObjectNode error(JsonNode id, int code, String message) {
        ObjectNode answer = JSON.createObjectNode();
        answer.set("id", id);
        answer.putNull("result");
        answer.putArray("error").add(code).add(message).addNull();
        return answer;
    }

    private static ObjectNode notification(String method, ArrayNode params) {
        ObjectNode note = JSON.createObjectNode();
        note.putNull("id");
        note.put("method", method);
        note.set("params", params);
        return note;
    }

    /** Writes a message after the answers of every submit before it, so the miner reads them in request order. */
    private void send(ObjectNode message) throws IOException {
        answerSubmits();
        write(message);
    }

    private void write(ObjectNode message) throws IOException {
        out.write(JSON.writeValueAsBytes(message));
        out.write('\n');
    }
}
