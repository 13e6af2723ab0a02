package org.pouw.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.mining.Tickets;
import org.pouw.chain.mining.TipKeyedBatch;
import org.pouw.chain.task.DatasetId;
import org.pouw.chain.tx.Anchor;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.TransactionTest;
import org.pouw.chain.tx.Transfer;
import org.pouw.chain.tx.TxBody;
import org.pouw.chain.tx.Unstake;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.MerkleTree;
import org.pouw.ml.wire.Bytes32;

/**
 * The golden vectors of docs/chain.md §9: every chain encoding and hash built from fixed keys and seeds, compared with
 * {@code golden/chain-formats.txt}. The same file is checked by {@code scripts/chain/golden_formats.py}, a second
 * implementation in plain Python (its own BLAKE3 and Ed25519), so a change to any format — or a bug both
 * implementations would have to share — shows up here first. A value that changes here is a consensus change.
 */
class ChainFormatVectorsTest {
    private static final Bytes32 CHAIN = filled(0xc1);
    private static final Ed25519.KeyPair SENDER = Ed25519.KeyPair.fromPrivateKey(filled(0x01).toArray());
    private static final Ed25519.KeyPair RECIPIENT = Ed25519.KeyPair.fromPrivateKey(filled(0x02).toArray());
    private static final Ed25519.KeyPair MINER = Ed25519.KeyPair.fromPrivateKey(filled(0x03).toArray());
    private static final byte[] DATA = "golden".getBytes(StandardCharsets.US_ASCII);

    @Test
    void everyFormatEncodesAndHashesAsPublished() throws IOException {
        Map<String, String> expected = published();
        Map<String, String> actual = computed();
        assertThat(actual.keySet()).as("the vectors the file lists").isEqualTo(expected.keySet());
        for (Map.Entry<String, String> entry : expected.entrySet()) {
            assertThat(actual.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void theGoldenEncodingsDecodeToTheSameValues() throws IOException {
        Map<String, String> expected = published();
        for (String kind : List.of("transfer", "buy_tickets", "unstake", "anchor")) {
            byte[] encoding = HexFormat.of().parseHex(expected.get("tx." + kind + ".encoding"));
            Transaction decoded = Transaction.decode(encoding);
            assertThat(decoded.encode()).isEqualTo(encoding);
            assertThat(decoded.signatureValid(CHAIN)).as(kind + " signature").isTrue();
            assertThat(decoded.signatureValid(filled(0xc2))).as(kind + " on another chain").isFalse();
        }
        for (String kind : List.of("pay_for_task", "final_model_commit", "final_model_reveal", "reveal_heldout",
                "audit_open", "slash")) {
            byte[] encoding = HexFormat.of().parseHex(expected.get("tx0." + kind + ".encoding"));
            Transaction decoded = Transaction.decode(encoding);
            assertThat(decoded.encode()).isEqualTo(encoding);
            assertThat(decoded.signatureValid(TransactionTest.CHAIN)).as(kind + " signature").isTrue();
            assertThat(decoded.signatureValid(CHAIN)).as(kind + " on another chain").isFalse();
        }
        BlockHeader header = BlockHeader.decode(HexFormat.of().parseHex(expected.get("header.encoding")));
        assertThat(header.signatureValid(CHAIN)).isTrue();
        assertThat(header.proof().winnerIsCommitted()).isTrue();
    }

    /** Every vector, in the file's order. */
    static Map<String, String> computed() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("chain.id", CHAIN.hex());
        v.put("key.sender.public", hex(SENDER.publicKey()));
        v.put("key.recipient.public", hex(RECIPIENT.publicKey()));
        v.put("key.miner.public", hex(MINER.publicKey()));
        transaction(v, "transfer", 0, 10, new Transfer(Bytes32.of(RECIPIENT.publicKey()), 1_234_567));
        transaction(v, "buy_tickets", 1, 20, new BuyTickets(StakeRole.MINER, 50_000));
        transaction(v, "unstake", 2, 0, new Unstake(StakeRole.MINER, 20_000));
        transaction(v, "anchor", 3, 5, new Anchor(filled(0x44), 99));

        Bytes32 miner = Bytes32.of(MINER.publicKey());
        Bytes32 tip = filled(0x22);
        v.put("batch.key", TipKeyedBatch.key(7, filled(0x11), tip, 3).hex());
        int[] batch = TipKeyedBatch.draw(7, filled(0x11), tip, 3, 1000, 8);
        v.put("batch.draw", Arrays.stream(batch).mapToObj(Integer::toString).collect(Collectors.joining(",")));
        v.put("batch.hash", TipKeyedBatch.hash(batch).hex());

        MinedStep step = new MinedStep(3, filled(0x61), TipKeyedBatch.hash(batch), filled(0x62), tip, 17);
        v.put("step.leaf", step.leafHash().hex());
        v.put("ticket.0", Tickets.ticket(CHAIN, step.leafHash(), tip, miner, 0).hex());
        v.put("ticket.16", Tickets.ticket(CHAIN, step.leafHash(), tip, miner, 16).hex());
        v.put("dataset.id", new DatasetId(filled(0x77), 1_000).hash().hex());

        // A segment of three steps whose last is the winner: the path has one sibling (leaf 2 of 3 is carried up).
        byte[][] leaves = {
            new MinedStep(1, filled(0x5f), filled(0x71), filled(0x60), tip, 17).leafHash().toArray(),
            new MinedStep(2, filled(0x60), filled(0x72), filled(0x61), tip, 17).leafHash().toArray(),
            step.leafHash().toArray()};
        MerkleTree segment = MerkleTree.ofLeafHashes(leaves);
        List<Bytes32> path = segment.prove(2).siblings().stream().map(Bytes32::of).toList();
        MiningProof proof = new MiningProof(Bytes32.of(segment.root()), 3, filled(0x5f), step, path, 16);
        BlockHeader header = BlockHeader.sign(MINER, CHAIN, 1, filled(0x55), 1_700_000_000L, 0x2100ffff,
                filled(0x56), filled(0x57), filled(0x58), proof);
        v.put("segment.root", Bytes32.of(segment.root()).hex());
        v.put("header.encoding", hex(header.encode()));
        v.put("header.hash", header.hash(CHAIN).hex());

        // The task and audit transactions, as TaskTransactionVectorsTest and AuditTransactionVectorsTest build them.
        List<TxBody> kinds = new ArrayList<>(TransactionTest.everyKind().subList(4, 8));
        kinds.addAll(List.of(TransactionTest.auditOpen(), TransactionTest.slash()));
        for (TxBody body : kinds) {
            Transaction tx = Transaction.sign(TransactionTest.ALICE, TransactionTest.CHAIN, 1, 2, new byte[0], body);
            String kind = "tx0." + body.kind().name().toLowerCase(Locale.ROOT).replace("held_out", "heldout");
            v.put(kind + ".encoding", hex(tx.encode()));
            v.put(kind + ".id", tx.id(TransactionTest.CHAIN).hex());
        }

        ChainGenesis demo = DemoGenesis.forMiner(filled(0x11), 1_767_225_600);
        DatasetId demoData = demo.datasets().getFirst().id();
        v.put("genesis.demo.dataset_root", demoData.root().hex());
        v.put("genesis.demo.dataset_id", demoData.hash().hex());
        v.put("genesis.demo.encoding", hex(demo.encode()));
        v.put("genesis.demo.chain_id", demo.chainId().hex());
        return v;
    }

    private static void transaction(Map<String, String> v, String kind, long nonce, long fee, TxBody body) {
        Transaction tx = Transaction.sign(SENDER, CHAIN, nonce, fee, DATA, body);
        v.put("tx." + kind + ".encoding", hex(tx.encode()));
        v.put("tx." + kind + ".id", tx.id(CHAIN).hex());
    }

    private static Map<String, String> published() throws IOException {
        try (InputStream in = ChainFormatVectorsTest.class.getResourceAsStream("/golden/chain-formats.txt")) {
            assertThat(in).as("golden/chain-formats.txt").isNotNull();
            Map<String, String> vectors = new LinkedHashMap<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf(" = ");
                vectors.put(line.substring(0, eq), line.substring(eq + 3).strip());
            }
            return vectors;
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Bytes32 filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return Bytes32.of(bytes);
    }
}
