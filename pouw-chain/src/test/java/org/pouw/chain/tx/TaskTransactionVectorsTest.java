package org.pouw.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.Bytes32;

/**
 * Golden vectors of the task transactions (docs/chain.md §9): each kind of {@link TransactionTest#everyKind()} from
 * pay_for_task on, signed by the all-zero Ed25519 private key for the all-zero chain id, nonce 1, fee 2, no data.
 * Ed25519 signatures are deterministic, so the encodings are fixed bytes; the test pins BLAKE3 of each encoding and
 * each id, so tomorrow's code must still write today's bytes.
 */
class TaskTransactionVectorsTest {
    private static final List<String[]> VECTORS = List.of(
            new String[] {"PAY_FOR_TASK", "9ab3c49ef20d4b93cfcbc023c2449650738d990683709ebd3a056c6a0ba4aeb6",
                "5a41c03a642677fe06b79e91f515bfaab60ebd667ba193352c66e756392a7826"},
            new String[] {"FINAL_MODEL_COMMIT", "857ac25fe6013b68568c151ff1acee5e5685f45c1148ac22ff3292ec61fe2478",
                "f16c3474cc174b8dc73bb16e9e2e2a28d5a6aef7d81d84854e14e4503fa6061b"},
            new String[] {"FINAL_MODEL_REVEAL", "3bb621e1d9d59fd52e3882965290a84e8c5a925633d68dd5f58ce591280e949c",
                "b7f4a6149a3d5d56fa48b1214584686064496a09ba9892b2254e2131752f7206"},
            new String[] {"REVEAL_HELD_OUT", "a7b576ed41de691be9dfb7e44c4641c1a40c84c2d311dda452c6a92cc4970f6a",
                "00ca221642b8c156c38ef104072f820dcd36e1db7946c8ed9f006abdef822004"});

    @Test
    void theTaskTransactionsEncodeToTheirGoldenBytes() {
        List<TxBody> kinds = TransactionTest.everyKind().subList(4, 8);
        for (int i = 0; i < kinds.size(); i++) {
            Transaction tx = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 2, new byte[0],
                    kinds.get(i));
            String encodingHash = Bytes32.of(Blake3.hash(tx.encode())).hex();
            String id = tx.id(TransactionTest.CHAIN).hex();
            assertThat(tx.kind().name()).isEqualTo(VECTORS.get(i)[0]);
            assertThat(encodingHash).as(tx.kind() + " encoding").isEqualTo(VECTORS.get(i)[1]);
            assertThat(id).as(tx.kind() + " id").isEqualTo(VECTORS.get(i)[2]);
        }
    }
}
