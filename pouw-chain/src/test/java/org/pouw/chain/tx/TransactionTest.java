package org.pouw.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.model.Activation;
import org.pouw.ml.model.MlpArchitecture;
import org.pouw.ml.task.Hyperparameters;
import org.pouw.ml.task.TargetMetric;
import org.pouw.ml.task.TrainingTask;
import org.pouw.ml.train.Loss;
import org.pouw.ml.train.SgdMomentum;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

public class TransactionTest {
    public static final Bytes32 CHAIN = Bytes32.of(new byte[32]);
    static final Bytes32 OTHER_CHAIN = Bytes32.fromHex("01".repeat(32));
    public static final Ed25519.KeyPair ALICE = Ed25519.KeyPair.fromPrivateKey(new byte[32]);
    static final Bytes32 BOB = Bytes32.fromHex("0b".repeat(32));

    public static List<TxBody> everyKind() {
        return List.of(new Transfer(BOB, 5), new BuyTickets(StakeRole.MINER, 100), new Unstake(StakeRole.MINER, 40),
                new Anchor(Bytes32.fromHex("aa".repeat(32)), 7), payForTask(),
                new FinalModelCommit(Bytes32.fromHex("c1".repeat(32)), Bytes32.fromHex("c3".repeat(32)),
                        Bytes32.fromHex("c2".repeat(32))),
                new FinalModelReveal(Bytes32.fromHex("c1".repeat(32)), Bytes32.fromHex("5a".repeat(32)),
                        new byte[] {1, 2, 3, 4, 5, 6, 7, 8}),
                new RevealHeldOut(Bytes32.fromHex("c1".repeat(32)), Bytes32.fromHex("5a".repeat(32)),
                        List.of(new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 63, -128, 0, 0}, new byte[] {0, 0, 0, 0,
                                0, 0, 0, 1, 0, 0, 0, 0})), auditOpen(), slash());
    }

    /**
     * An opening of one window of one step: state bytes 1 to 8, the leaf of step 3 (before {@code 61…}, batch
     * {@code 62…}, after {@code 63…}, tip {@code 22…}, 17 tickets) with one path sibling {@code 71…}, and one record
     * ({@code 00000001 00000001 3f800000}) proven as record 5 of 40 by one sibling {@code 72…}; audited height 7,
     * challenge {@code a0…}.
     */
    public static AuditOpen auditOpen() {
        org.pouw.chain.mining.MinedStep leaf = new org.pouw.chain.mining.MinedStep(3,
                Bytes32.fromHex("61".repeat(32)), Bytes32.fromHex("62".repeat(32)), Bytes32.fromHex("63".repeat(32)),
                Bytes32.fromHex("22".repeat(32)), 17);
        org.pouw.chain.mining.OpenedBatch batch = new org.pouw.chain.mining.OpenedBatch(
                List.of(new byte[] {0, 0, 0, 1, 0, 0, 0, 1, 63, -128, 0, 0}),
                List.of(new org.pouw.crypto.MerkleTree.Proof(5, 40, List.of(Bytes32.fromHex("72".repeat(32))
                        .toArray()))));
        OpenedWindow window = new OpenedWindow(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, List.of(leaf),
                List.of(List.of(Bytes32.fromHex("71".repeat(32)))), List.of(batch));
        return new AuditOpen(7, Bytes32.fromHex("a0".repeat(32)), List.of(window));
    }

    /** Equivocation evidence over two placeholder header encodings (the bytes are judged by the state rules). */
    public static Slash slash() {
        return new Slash(Slash.Evidence.EQUIVOCATION, new byte[] {1, 2, 3}, new byte[] {4, 5, 6});
    }

    /** A small task: an MLP 4-8-3 trained by SGD, batch 2, over 40 records, escrow 1,000. */
    static PayForTask payForTask() {
        TrainingTask task = new TrainingTask(MlpArchitecture.of(4, List.of(8), Activation.RELU, 3),
                new Hyperparameters(Loss.SOFTMAX_CROSS_ENTROPY, new SgdMomentum(0.05f, 0.9f), 2),
                Bytes32.fromHex("d0".repeat(32)), Bytes32.fromHex("e0".repeat(32)), 7, 1_000,
                TargetMetric.accuracyAtLeast(0.5), 1_000);
        return new PayForTask(task, 40, 4, 3, 100, 130, 160);
    }

    @Test
    void everyKindRoundTripsAndVerifies() {
        for (TxBody body : everyKind()) {
            Transaction tx = Transaction.sign(ALICE, CHAIN, 3, 2, new byte[] {1, 2}, body);
            Transaction decoded = Transaction.decode(tx.encode());
            assertThat(decoded).isEqualTo(tx);
            assertThat(decoded.kind()).isEqualTo(body.kind());
            assertThat(decoded.signatureValid(CHAIN)).as(body.kind().name()).isTrue();
        }
    }

    /** A transaction signed for one chain is not valid on another, and its id differs there. */
    @Test
    void crossChainReplayIsRefused() {
        Transaction tx = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], new Transfer(BOB, 5));
        assertThat(tx.signatureValid(OTHER_CHAIN)).isFalse();
        assertThat(tx.id(OTHER_CHAIN)).isNotEqualTo(tx.id(CHAIN));
    }

    @Test
    void anyChangedFieldBreaksTheSignatureButNotTheEncoding() {
        Transaction tx = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], new Transfer(BOB, 5));
        List<Transaction> forged = List.of(
                new Transaction(tx.sender(), 1, tx.fee(), tx.data(), tx.body(), tx.signature()),
                new Transaction(tx.sender(), 0, 0, tx.data(), tx.body(), tx.signature()),
                new Transaction(tx.sender(), 0, 1, new byte[] {9}, tx.body(), tx.signature()),
                new Transaction(tx.sender(), 0, 1, tx.data(), new Transfer(BOB, 6), tx.signature()),
                new Transaction(BOB, 0, 1, tx.data(), tx.body(), tx.signature()));
        for (Transaction f : forged) {
            assertThat(f.signatureValid(CHAIN)).as(f.toString()).isFalse();
        }
    }

    @Test
    void theIdDoesNotDependOnTheSignature() {
        Transaction tx = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], new Transfer(BOB, 5));
        Transaction unsigned = new Transaction(tx.sender(), 0, 1, new byte[0], tx.body(), new byte[64]);
        assertThat(unsigned.id(CHAIN)).isEqualTo(tx.id(CHAIN));
    }

    @Test
    void decodingRefusesWhatEncodingNeverWrites() {
        byte[] good = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], new Transfer(BOB, 5)).encode();
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> Transaction.decode(trailing)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("trailing");
        byte[] unknownKind = good.clone();
        unknownKind[5] = 99;
        assertThatThrownBy(() -> Transaction.decode(unknownKind)).hasMessageContaining("kind");
        byte[] wrongTag = good.clone();
        wrongTag[0] = 'X';
        assertThatThrownBy(() -> Transaction.decode(wrongTag)).hasMessageContaining("tag");
        assertThatThrownBy(() -> Transaction.decode(new byte[Transaction.MAX_ENCODED + 1]))
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> new Transaction(BOB, 0, 0, new byte[81], new Transfer(BOB, 1), new byte[64]))
                .hasMessageContaining("data");
        assertThatThrownBy(() -> new Transfer(BOB, 0)).hasMessageContaining("amount");
    }

    /** The size caps hold on both sides: a model above F_max and held-out records above H_max are never built. */
    @Test
    void revealsAreSizeCapped() {
        Bytes32 task = Bytes32.fromHex("c1".repeat(32));
        assertThatThrownBy(() -> new FinalModelReveal(task, task, new byte[FinalModelReveal.MAX_MODEL_BYTES + 1]))
                .hasMessageContaining("model must be at most");
        assertThatThrownBy(() -> new RevealHeldOut(task, task, List.of(new byte[RevealHeldOut.MAX_HELD_OUT_BYTES],
                new byte[1]))).hasMessageContaining("held-out records must be at most");
        byte[] biggest = Transaction.sign(ALICE, CHAIN, 0, 0, new byte[Transaction.MAX_DATA],
                new FinalModelReveal(task, task, new byte[FinalModelReveal.MAX_MODEL_BYTES])).encode();
        assertThat(biggest.length).isLessThanOrEqualTo(Transaction.MAX_ENCODED);
        assertThat(Transaction.decode(biggest).kind()).isEqualTo(TxKind.FINAL_MODEL_REVEAL);
    }

    /** A task whose embedded pouw-ml encoding is malformed is refused at decoding, naming what is wrong. */
    @Test
    void aMalformedTaskInsideAPayForTaskIsRefused() {
        byte[] good = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], payForTask()).encode();
        byte[] badTag = good.clone();
        int taskStart = 4 + 1 + 1 + 32 + 8 + 8 + 4 + 4;
        badTag[taskStart] = 'X';
        assertThatThrownBy(() -> Transaction.decode(badTag)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("training task");
    }

    /**
     * A task that starts from given weights (PMLT v2, issue 28's {@code --init}) is no transaction: the chain replays
     * tasks from their seed and holds no start state. Its bytes were refused before v2 existed and still are.
     */
    @Test
    void aTaskThatStartsFromGivenWeightsIsNoTransaction() {
        PayForTask seeded = payForTask();
        TrainingTask given = seeded.task().withInitialState(Bytes32.fromHex("ab".repeat(32)));
        assertThatThrownBy(() -> new PayForTask(given, 40, 4, 3, 100, 130, 160))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("start from its seed");

        byte[] good = Transaction.sign(ALICE, CHAIN, 0, 1, new byte[0], seeded).encode();
        byte[] taskBytes = seeded.task().encode();
        int at = indexOf(good, taskBytes);
        byte[] v2 = given.encode();
        byte[] forged = new byte[good.length + v2.length - taskBytes.length];
        System.arraycopy(good, 0, forged, 0, at);
        System.arraycopy(v2, 0, forged, at, v2.length);
        System.arraycopy(good, at + taskBytes.length, forged, at + v2.length, good.length - at - taskBytes.length);
        java.nio.ByteBuffer.wrap(forged, at - 4, 4).putInt(v2.length);
        assertThatThrownBy(() -> Transaction.decode(forged)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("start from its seed");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("task bytes not found");
    }
}
