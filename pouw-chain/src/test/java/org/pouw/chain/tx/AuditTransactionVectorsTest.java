package org.pouw.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * Golden vectors of {@code audit_open} and {@code slash} (docs/chain.md §9), built like the task transactions' —
 * {@link TransactionTest#auditOpen()} and {@link TransactionTest#slash()} signed by the all-zero Ed25519 private key
 * for the all-zero chain id, nonce 1, fee 2, no data — and the decoder's bounds on the audit kinds.
 */
class AuditTransactionVectorsTest {
    private static final List<String[]> VECTORS = List.of(
            new String[] {"AUDIT_OPEN", "b4b4398dca225d5dd172a6781e0f6ce95f2a2f8acd66cf8cfe01c5a71c7fad68",
                "e2e2521b11a10f85e78ef72af4537a64d7cb159d66a3dcb361dafda4003f14e0", "416"},
            new String[] {"SLASH", "e52601467e3dd596a0a2d5bb70612942b7dc0bb6fdcb49496ddbf2eca18d5801",
                "285c7aa7c3f95061e476fcb74c1ffea5ee1fb5b86864378e3b28d5bcd849e1db", "137"});

    @Test
    void theAuditTransactionsEncodeToTheirGoldenBytes() {
        List<TxBody> kinds = List.of(TransactionTest.auditOpen(), TransactionTest.slash());
        for (int i = 0; i < kinds.size(); i++) {
            Transaction tx = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 2, new byte[0],
                    kinds.get(i));
            String encodingHash = Bytes32.of(Blake3.hash(tx.encode())).hex();
            String id = tx.id(TransactionTest.CHAIN).hex();
            assertThat(tx.kind().name()).isEqualTo(VECTORS.get(i)[0]);
            assertThat(tx.kind() + " " + tx.encode().length + " " + encodingHash + " " + id).isEqualTo(
                    VECTORS.get(i)[0] + " " + VECTORS.get(i)[3] + " " + VECTORS.get(i)[1] + " " + VECTORS.get(i)[2]);
            assertThat(Transaction.decode(tx.encode())).isEqualTo(tx);
        }
    }

    /** An opening with no window, a window with no step, or a slash with the wrong number of headers is refused. */
    @Test
    void emptyOpeningsAndMisshapenEvidenceAreRefusedAtDecoding() {
        Transaction open = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 2, new byte[0],
                TransactionTest.auditOpen());
        byte[] bytes = open.encode();
        int windowsAt = 5 + 1 + 32 + 8 + 8 + 4 + 8 + 32;
        byte[] noWindows = bytes.clone();
        noWindows[windowsAt + 3] = 0;
        assertThatThrownBy(() -> Transaction.decode(noWindows)).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> new Slash(Slash.Evidence.EQUIVOCATION, new byte[] {1}, new byte[0]))
                .hasMessageContaining("two headers");
        assertThatThrownBy(() -> new Slash(Slash.Evidence.INVALID_HEADER, new byte[] {1}, new byte[] {2}))
                .hasMessageContaining("one");
        Transaction slash = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 2, new byte[0],
                TransactionTest.slash());
        byte[] asInvalidHeader = slash.encode();
        asInvalidHeader[5 + 1 + 32 + 8 + 8 + 4] = 2;     // evidence code: INVALID_HEADER, still with two headers
        assertThatThrownBy(() -> Transaction.decode(asInvalidHeader)).hasMessageContaining("evidence");
    }
}
