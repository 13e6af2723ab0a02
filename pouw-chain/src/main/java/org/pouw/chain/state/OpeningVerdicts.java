package org.pouw.chain.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * The replay verdicts of {@code audit_open}s already judged (issue 20: the mempool replayed a pending opening again
 * for every later transaction of its sender, at every tip move, and to explain a refusal). A verdict is a function
 * of the opening's body and the audit it answers, nothing else: the challenged windows follow from the audit's seed
 * and length, the leaves' positions from its segment root, the task (an id that is a hash) from its task, the tips'
 * heights from its parent's ancestry, which never changes, and the replay from the rules' fixed parameters. So the
 * key is the body's hash with the whole audit record: a re-signed or fee-bumped copy of the body shares the verdict,
 * and an audit that a reorg re-made with another seed or segment is judged afresh.
 *
 * <p>Bounded ({@value #CAPACITY} verdicts, the least recently used forgotten first) and thread-safe: the importer,
 * the mempool and the API may judge at once. The replay itself runs outside the lock.
 */
final class OpeningVerdicts {
    static final int CAPACITY = 256;
    private static final byte[] DOMAIN = "pouw-audit-open-body-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private record Key(Bytes32 body, PendingAudit audit) {
    }

    private final Map<Key, Optional<String>> verdicts = new LinkedHashMap<>(16, 0.75f, true);
    private long replays;

    /** The failure {@code replay} finds for {@code open} against {@code audit} (null: it stands), replayed once. */
    String verdict(AuditOpen open, PendingAudit audit, Supplier<String> replay) {
        CanonicalWriter body = new CanonicalWriter();
        open.writeTo(body);
        Key key = new Key(Bytes32.of(Blake3.hash(DOMAIN, body.toByteArray())), audit);
        synchronized (this) {
            Optional<String> known = verdicts.get(key);
            if (known != null) {
                return known.orElse(null);
            }
        }
        String failure = replay.get();
        synchronized (this) {
            replays++;
            verdicts.put(key, Optional.ofNullable(failure));
            if (verdicts.size() > CAPACITY) {
                verdicts.remove(verdicts.keySet().iterator().next());
            }
        }
        return failure;
    }

    /** Openings replayed so far (each verdict computed, not taken from memory). */
    synchronized long replays() {
        return replays;
    }
}
