package org.pouw.node.poolclient;

import java.util.function.Function;
import org.pouw.core.Clock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The node's read of its pool (docs/api.md "The pool", docs/console.md "Pool"): {@code GET /pool/status} and
 * {@code GET /pool/miners} of the first pool of {@code mining_pool.pool_url} that answers, through the client's
 * breakers and time limit, each kept for {@link #FRESH_MS}: however many pages and callers ask, the pool is read at
 * most once per {@link #FRESH_MS} per route (the read is made under a lock, so callers arriving meanwhile wait for it
 * and share it). A failed read is kept as long, so a pool that is down is not asked again by every caller either.
 * The miners are always read at the pool's cap ({@value PoolAnswers#MAX_MINERS}) and cut to each caller's limit:
 * the pool lists newest first, so the first N of its longest list are its answer for N.
 */
public final class PoolStatusRelay {
    /** How long a read is served before the pool is asked again. */
    public static final long FRESH_MS = 3_000;
    /** A status is a few hundred bytes; the bound leaves room and no more. */
    static final int MAX_STATUS_BYTES = 64 * 1024;
    /** A thousand miners of about 200 bytes each, with room to spare. */
    static final int MAX_MINERS_BYTES = 1024 * 1024;

    private final PoolClient client;
    private final Clock clock;
    private final Cached status;
    private final Cached miners;

    PoolStatusRelay(PoolClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
        status = new Cached("/pool/status", MAX_STATUS_BYTES, PoolAnswers::status);
        miners = new Cached("/pool/miners?limit=" + PoolAnswers.MAX_MINERS, MAX_MINERS_BYTES, PoolAnswers::miners);
    }

    /** The pool's totals, with {@code read_at_ms}: when this node read them. */
    public PoolRead status() {
        return status.get();
    }

    /** The most recently active miners, at most {@code limit} (1…1000), newest first, with {@code read_at_ms}. */
    public PoolRead miners(int limit) {
        if (limit < 1 || limit > PoolAnswers.MAX_MINERS) {
            throw new IllegalArgumentException("limit must be 1…" + PoolAnswers.MAX_MINERS + ", got " + limit);
        }
        PoolRead read = miners.get();
        if (!(read instanceof PoolRead.Answered answered)) {
            return read;
        }
        ObjectNode all = answered.body();
        JsonNode list = all.path("miners");
        if (list.size() <= limit) {
            return read;
        }
        ObjectNode cut = all.deepCopy();
        var kept = cut.putArray("miners");
        for (int i = 0; i < limit; i++) {
            kept.add(list.get(i).deepCopy());
        }
        return new PoolRead.Answered(cut);
    }

    /** One route's last read and when it was made. */
    private final class Cached {
        private final String path;
        private final int maxBytes;
        private final Function<JsonNode, ObjectNode> check;
        private PoolRead last;
        private long readAtMs;

        Cached(String path, int maxBytes, Function<JsonNode, ObjectNode> check) {
            this.path = path;
            this.maxBytes = maxBytes;
            this.check = check;
        }

        synchronized PoolRead get() {
            long now = clock.millis();
            // A clock set back is no reason to serve an old read longer: only an age in [0, FRESH_MS) is fresh.
            if (last != null && now >= readAtMs && now - readAtMs < FRESH_MS) {
                return last;
            }
            PoolRead read = client.read(path, maxBytes, check);
            readAtMs = clock.millis();
            if (read instanceof PoolRead.Answered answered) {
                answered.body().put("read_at_ms", readAtMs);
            }
            last = read;
            return read;
        }
    }
}
