package org.pouw.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.cli.chain.ChainCliFixtures.CHAIN;
import static org.pouw.cli.chain.ChainCliFixtures.GENESIS;
import static org.pouw.cli.chain.ChainCliFixtures.OTHER;
import static org.pouw.cli.chain.ChainCliFixtures.POSTER;
import static org.pouw.cli.chain.ChainCliFixtures.T0;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.importing.BlockImporter;
import org.pouw.chain.importing.ChainMiner;
import org.pouw.chain.port.InMemoryChainStore;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.ml.tensor.ThreadTeam;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;

/**
 * What {@code pouw chain tx} and {@code pouw chain block} show, from decoded bytes: ids and hashes recomputed over the
 * chain id, signatures checked (and shown invalid under another chain), accounts as did:keys, and the JSON and the
 * text carrying the same values.
 */
class ChainViewsTest {
    @Test
    void aTransferIsShownWithItsIdSignatureAndBody() {
        Transaction tx = new WalletTransactions(POSTER, CHAIN, 2, "for lunch".getBytes(StandardCharsets.UTF_8))
                .transfer(9, Bytes32.of(OTHER.publicKey()), 1_234);
        ShownFields shown = TxView.of(Transaction.decode(tx.encode()), CHAIN);
        JsonNode json = shown.json();
        assertThat(json.get("id").asString()).isEqualTo(tx.id(CHAIN).hex());
        assertThat(json.get("kind").asString()).isEqualTo("transfer");
        assertThat(json.get("sender").asString()).isEqualTo(POSTER.did().toString());
        assertThat(json.get("to").asString()).isEqualTo(OTHER.did().toString());
        assertThat(json.get("amount").asLong()).isEqualTo(1_234);
        assertThat(json.get("nonce").asLong()).isEqualTo(9);
        assertThat(json.get("fee").asLong()).isEqualTo(2);
        assertThat(json.get("memo").asString()).isEqualTo("for lunch");
        assertThat(json.get("signature_valid").asBoolean()).isTrue();
        assertThat(shown.humanText()).containsPattern("amount +1,234").contains(OTHER.did().toString())
                .containsPattern("signature valid +yes");

        assertThat(TxView.of(tx, Bytes32.of(new byte[32])).json().get("signature_valid").asBoolean())
                .as("the same bytes under another chain id").isFalse();
    }

    @Test
    void aMemoWithControlCharactersIsShownAsHex() {
        assertThat(TxView.memoText("plain".getBytes(StandardCharsets.UTF_8))).isEqualTo("plain");
        assertThat(TxView.memoText(new byte[] {0x1b, '[', '2', 'J'})).isEqualTo("0x1b5b324a");
        assertThat(TxView.memoText(new byte[] {(byte) 0xff})).isEqualTo("0xff");
    }

    @Test
    void aTaskPostingShowsItsTrainingAndDeadlines() {
        var train = ChainCliFixtures.training();
        var heldOut = ChainCliFixtures.heldOut(20);
        TaskPosting posting = TaskPosting.prepare(ChainCliFixtures.task(train, heldOut, 0.05f, 16, 900), train,
                heldOut, Bytes32.fromHex("01".repeat(32)), GENESIS.taskParameters(), 0, 120, 60);
        Transaction tx = new WalletTransactions(POSTER, CHAIN, 1).payForTask(0, posting.pay());
        JsonNode json = TxView.of(tx, CHAIN).json();
        assertThat(json.get("kind").asString()).isEqualTo("pay_for_task");
        assertThat(json.get("task").asString()).isEqualTo(tx.id(CHAIN).hex());
        assertThat(json.get("escrow").asLong()).isEqualTo(900);
        assertThat(json.get("architecture").asString()).isEqualTo("mlp:16-8-4");
        assertThat(json.get("dataset_id").asString()).isEqualTo(posting.datasetId().hex());
        assertThat(json.get("held_out_commitment").asString()).isEqualTo(posting.commitment().hex());
        assertThat(json.get("commit_by").asLong()).isEqualTo(120);
        assertThat(json.get("held_out_by").asLong()).isEqualTo(240);
        assertThat(TxView.summary(tx, CHAIN)).contains("pay_for_task", "escrow 900");
    }

    @Test
    void aMinedBlockIsShownWithItsWorkAndTransactions() {
        BlockImporter node = BlockImporter.open(GENESIS, new InMemoryChainStore(), new SettableClock((T0 + 86_400)
                * 1_000));
        ChainMiner miner = new ChainMiner(POSTER, List.of(DemoGenesis.data()), ThreadTeam.single());
        Transaction transfer = new WalletTransactions(POSTER, CHAIN, 5).transfer(0, Bytes32.of(OTHER.publicKey()),
                77);
        Block block = miner.mine(node, node.tip(), node.ancestorTimes(node.tip()).getLast() + 60,
                List.of(transfer), 5_000);
        assertThat(node.importBlock(block).isRefused()).isFalse();

        ShownFields shown = BlockView.of(Block.decode(block.encode()), CHAIN);
        JsonNode json = shown.json();
        assertThat(json.get("hash").asString()).isEqualTo(block.header().hash(CHAIN).hex());
        assertThat(json.get("height").asLong()).isEqualTo(1);
        assertThat(json.get("parent").asString()).isEqualTo(CHAIN.hex());
        assertThat(json.get("miner").asString()).isEqualTo(POSTER.did().toString());
        assertThat(json.get("signature_valid").asBoolean()).isTrue();
        assertThat(json.get("task").asString()).isEqualTo(block.header().taskId().hex());
        assertThat(json.get("segment_steps").asLong()).isEqualTo(block.header().proof().length());
        assertThat(json.get("txs")).hasSize(1);
        assertThat(json.get("txs").get(0).asString()).isEqualTo(transfer.id(CHAIN).hex());
        assertThat(shown.humanText()).contains(transfer.id(CHAIN).hex() + "  transfer").contains("77 to "
                + OTHER.did());
        assertThat(BlockView.of(block, Bytes32.of(new byte[32])).json().get("signature_valid").asBoolean()).isFalse();
    }
}
