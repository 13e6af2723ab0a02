package org.pouw.chain.state;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.pouw.chain.tx.Transaction;
import org.pouw.ml.wire.Bytes32;

/**
 * Transaction signatures already found valid, so the same transaction is not verified again (Bitcoin's signature
 * cache): the mempool applies a sender's whole pending run whenever the sender adds one, every pending transaction
 * again at every tip move, and a block's import applies transactions its mempool already checked. An Ed25519 check
 * is most of a transfer's admission cost; looking one up is a hash of its unsigned bytes.
 *
 * <p>A hit must mean exactly what a verification would: the key is the transaction's id, which hashes the chain id and
 * every unsigned byte (so the same sender key and the same signed message), and the signature itself is compared byte
 * for byte. Only valid signatures are kept, the newest {@value #CAPACITY}; whether one is kept changes no outcome,
 * only the time it takes. Thread-safe.
 */
final class VerifiedSignatures {
    static final int CAPACITY = 50_000;

    private final Bytes32 chainId;
    private final Map<Bytes32, byte[]> valid = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Bytes32, byte[]> eldest) {
            return size() > CAPACITY;
        }
    };
    private final LongAdder verified = new LongAdder();

    VerifiedSignatures(Bytes32 chainId) {
        this.chainId = chainId;
    }

    /** Whether {@code tx}'s sender signed it for this chain: from memory when this very signature was found valid. */
    boolean valid(Transaction tx) {
        Bytes32 id = tx.id(chainId);
        byte[] signature = tx.signature();
        synchronized (valid) {
            if (Arrays.equals(valid.get(id), signature)) {
                return true;
            }
        }
        verified.increment();
        if (!tx.signatureValid(chainId)) {
            return false;
        }
        synchronized (valid) {
            valid.put(id, signature);
        }
        return true;
    }

    /** Signatures actually verified so far (cache misses), for tests. */
    long verifications() {
        return verified.sum();
    }
}
