package org.pouw.node.poolclient;

import java.util.Map;
import org.pouw.crypto.DidKey;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pool's {@code /pool/status} and {@code /pool/miners} answers (docs/pool.md §6a) as the node relays them: the
 * pool is another process and its answer is untrusted input, so nothing of it is passed on as it came. Each member
 * the node relays is checked for its type and range and copied into a new object; anything else is dropped. A member
 * that does not hold is a {@link PoolFault} naming it, so the caller's 503 says what was wrong and the pool's breaker
 * counts the answer as garbage. Strings are held to the forms the pool itself gives (a pool name, a did:key, a reason
 * code), so no markup reaches a page through them even before the console renders them as text.
 */
final class PoolAnswers {
    /** Most refusal reasons a status may list; the pool has a dozen. */
    static final int MAX_REASONS = 64;
    /** Most miners a list may hold: the pool's own cap on {@code limit}. */
    static final int MAX_MINERS = 1000;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String POOL_NAME = "[A-Za-z0-9._-]{1,128}";
    private static final String REASON = "[a-z_]{1,64}";
    private static final long MAX_DIFFICULTY = (1L << 53) - 1;

    private PoolAnswers() {
    }

    /** {@code /pool/status}: totals, no miner named. */
    static ObjectNode status(JsonNode answer) {
        JsonNode in = object(answer, "/pool/status");
        ObjectNode out = JSON.createObjectNode();
        out.put("pool", text(in, "pool", POOL_NAME));
        JsonNode audience = in.path("audience");
        if (!audience.isString() || audience.asString().isEmpty() || audience.asString().length() > 128
                || !audience.asString().chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            throw bad("audience", "must be 1…128 printable ASCII characters");
        }
        out.put("audience", audience.asString());
        out.put("uptime_ms", whole(in, "uptime_ms", 0, Long.MAX_VALUE));
        out.put("miners_active", whole(in, "miners_active", 0, Long.MAX_VALUE));
        out.put("miners_known", whole(in, "miners_known", 0, Long.MAX_VALUE));
        out.put("shares_accepted", whole(in, "shares_accepted", 0, Long.MAX_VALUE));
        JsonNode rejected = in.path("shares_rejected");
        if (!rejected.isObject()) {
            throw bad("shares_rejected", "must be an object of reason codes");
        }
        if (rejected.size() > MAX_REASONS) {
            throw bad("shares_rejected", "has more than " + MAX_REASONS + " reasons");
        }
        ObjectNode reasons = out.putObject("shares_rejected");
        for (Map.Entry<String, JsonNode> reason : rejected.properties()) {
            if (!reason.getKey().matches(REASON)) {
                throw bad("shares_rejected", "holds a key that is no reason code: " + quoted(reason.getKey()));
            }
            reasons.put(reason.getKey(), whole(rejected, reason.getKey(), 0, Long.MAX_VALUE));
        }
        JsonNode rate = in.path("hashrate_estimate");
        if (!rate.isNumber() || !Double.isFinite(rate.asDouble()) || rate.asDouble() < 0) {
            throw bad("hashrate_estimate", "must be a number ≥ 0");
        }
        out.put("hashrate_estimate", rate.asDouble());
        // A pool older than the node's read has no difficulty summary: the totals stand without it.
        if (in.has("difficulty")) {
            JsonNode difficulty = object(in.path("difficulty"), "difficulty");
            ObjectNode summary = out.putObject("difficulty");
            summary.put("shares", whole(difficulty, "shares", 0, Long.MAX_VALUE));
            summary.put("p50", whole(difficulty, "p50", 0, MAX_DIFFICULTY));
            summary.put("p99", whole(difficulty, "p99", 0, MAX_DIFFICULTY));
            summary.put("max", whole(difficulty, "max", 0, MAX_DIFFICULTY));
        }
        return out;
    }

    /** {@code /pool/miners}: each miner's did, last share, difficulty and standing, newest first as the pool gives. */
    static ObjectNode miners(JsonNode answer) {
        JsonNode list = object(answer, "/pool/miners").path("miners");
        if (!list.isArray()) {
            throw bad("miners", "must be an array");
        }
        if (list.size() > MAX_MINERS) {
            throw bad("miners", "has more than " + MAX_MINERS + " entries");
        }
        ObjectNode out = JSON.createObjectNode();
        ArrayNode miners = out.putArray("miners");
        for (int i = 0; i < list.size(); i++) {
            JsonNode in = object(list.get(i), "miners[" + i + "]");
            String prefix = "miners[" + i + "].";
            ObjectNode miner = miners.addObject();
            JsonNode did = in.path("miner");
            if (!did.isString() || did.asString().length() > 128 || !DidKey.isValid(did.asString())) {
                throw bad(prefix + "miner", "must be an Ed25519 did:key");
            }
            miner.put("miner", did.asString());
            miner.put("last_share_at_ms", wholeNamed(in, "last_share_at_ms", prefix, 0, Long.MAX_VALUE));
            miner.put("difficulty", wholeNamed(in, "difficulty", prefix, 1, MAX_DIFFICULTY));
            if (in.has("miner_reputation")) {
                JsonNode reputation = in.path("miner_reputation");
                if (!reputation.isNumber() || !(reputation.asDouble() >= 0 && reputation.asDouble() <= 1)) {
                    throw bad(prefix + "miner_reputation", "must be a number from 0 to 1");
                }
                miner.put("miner_reputation", reputation.asDouble());
            }
            if (in.has("probation")) {
                if (!in.path("probation").isBoolean()) {
                    throw bad(prefix + "probation", "must be true or false");
                }
                miner.put("probation", in.path("probation").asBoolean());
            }
        }
        return out;
    }

    private static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new PoolFault("the pool's " + what + " is not a JSON object");
        }
        return node;
    }

    private static String text(JsonNode in, String member, String form) {
        JsonNode value = in.path(member);
        if (!value.isString() || !value.asString().matches(form)) {
            throw bad(member, "must match " + form);
        }
        return value.asString();
    }

    private static long whole(JsonNode in, String member, long min, long max) {
        return wholeNamed(in, member, "", min, max);
    }

    private static long wholeNamed(JsonNode in, String member, String prefix, long min, long max) {
        JsonNode value = in.path(member);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            throw bad(prefix + member, "must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static PoolFault bad(String member, String rule) {
        return new PoolFault("the pool's answer is malformed: " + member + " " + rule);
    }

    /** A key the pool sent, as JSON text, clipped: the operator sees what it was, at most 128 characters of it. */
    private static String quoted(String key) {
        String clipped = key.length() > 128 ? key.substring(0, 128) + "…" : key;
        return JSON.writeValueAsString(clipped);
    }
}
