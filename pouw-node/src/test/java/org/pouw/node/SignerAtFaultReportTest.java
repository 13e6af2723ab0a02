package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.node.HttpChainFixture.ALICE;
import static org.pouw.node.HttpChainFixture.BOB;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.mining.MinedStep;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.tx.Slash;
import org.pouw.chain.tx.Transaction;
import org.pouw.core.SettableClock;
import org.pouw.ml.wire.Bytes32;
import tools.jackson.databind.JsonNode;

/**
 * The node's end of posting a signer at fault as evidence (docs/network.md §4): the header of a block a peer served,
 * whose defect shows by itself, handed to the running node's {@code ChainService.signerAtFault} (what its chain sync
 * calls) becomes an {@code INVALID_HEADER} slash signed with the node's key in its mempool, once; Bob mines it and
 * Alice's stake is gone. A header without such a defect posts nothing.
 */
class SignerAtFaultReportTest {
    @TempDir
    Path dir;

    final HttpChainFixture chain = new HttpChainFixture();
    final SettableClock clock = HttpChainFixture.clock();
    RunningNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private List<Transaction> slashesPending() {
        List<Transaction> slashes = new ArrayList<>();
        for (JsonNode item : node.get("/v1/chain/mempool").json().path("txs")) {
            Transaction tx = Transaction.decode(Base64.getDecoder().decode(item.asString()));
            if (tx.body() instanceof Slash) {
                slashes.add(tx);
            }
        }
        return slashes;
    }

    /** Alice's honest block re-signed with its winning step trained on another tip: a stale tip, shown by the header. */
    private BlockHeader staleTip(BlockHeader honest) {
        MiningProof proof = honest.proof();
        MinedStep winner = proof.winner();
        MinedStep elsewhere = new MinedStep(winner.step(), winner.stateBefore(), winner.batchHash(),
                winner.stateAfter(), Bytes32.of(new byte[32]), winner.tickets());
        return BlockHeader.sign(ALICE, chain.genesis.chainId(), honest.height(), honest.parent(), honest.timestamp(),
                honest.bits(), honest.txRoot(), honest.stateRoot(), honest.taskId(),
                new MiningProof(proof.segmentRoot(), proof.length(), proof.startState(), elsewhere, proof.path(),
                        proof.j()));
    }

    @Test
    void aServedHeaderShowingItsOwnDefectIsSlashedThroughTheNodesReporter() {
        node = chain.startNode(dir, clock);
        Block honest = chain.mine(ALICE, chain.genesisNode(), 1).getFirst();
        var service = node.node.chain().orElseThrow();

        service.signerAtFault(honest.header());
        assertThat(slashesPending()).as("an honest header convicts nobody").isEmpty();

        BlockHeader faulty = staleTip(honest.header());
        service.signerAtFault(faulty);
        service.signerAtFault(faulty);
        List<Transaction> slashes = slashesPending();
        assertThat(slashes).hasSize(1);
        Slash evidence = (Slash) slashes.getFirst().body();
        assertThat(evidence.evidence()).isEqualTo(Slash.Evidence.INVALID_HEADER);
        assertThat(evidence.first()).isEqualTo(faulty.encode());
        assertThat(slashes.getFirst().sender()).isEqualTo(Bytes32.of(node.node.adminKey().publicKey()));

        Block bobs = chain.mine(BOB, chain.genesisNode(), 1, List.of(slashes.getFirst())).getFirst();
        assertThat(node.post("/v1/chain/blocks", HttpChainFixture.blockBody(bobs), null).json().path("followed")
                .asBoolean()).isTrue();
        JsonNode alice = node.get("/v1/chain/accounts/" + ALICE.did()).json();
        assertThat(alice.path("stake").asLong()).isZero();
        assertThat(alice.path("stake_pending").asLong()).isZero();
    }
}
