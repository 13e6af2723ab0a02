package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pouw.node.HttpChainFixture.ALICE;
import static org.pouw.node.HttpChainFixture.BOB;
import static org.pouw.node.HttpChainFixture.CAROL;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.chain.block.Block;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.tx.Transaction;
import org.pouw.client.NodeException;
import org.pouw.client.PouwClient;
import org.pouw.client.chain.BlockSubmitted;
import org.pouw.client.chain.ChainAccount;
import org.pouw.client.chain.ChainBlock;
import org.pouw.client.chain.ChainBlockPage;
import org.pouw.client.chain.ChainDataset;
import org.pouw.client.chain.ChainHead;
import org.pouw.client.chain.ChainRefusedException;
import org.pouw.client.chain.ChainTaskDetail;
import org.pouw.client.chain.ChainTx;
import org.pouw.client.chain.NodeGenesis;
import org.pouw.core.SettableClock;
import org.pouw.ml.data.DatasetCodec;

/**
 * pouw-client's {@code ChainApi} against a real node: every method on its path, the records filled from the node's
 * JSON, refusals as {@link ChainRefusedException} with the chain's reason; and the chain's events on the node's SSE
 * stream, resumed with {@code Last-Event-ID}.
 */
class ChainClientTest {
    @TempDir
    Path dir;

    final HttpChainFixture chain = new HttpChainFixture();
    final SettableClock clock = HttpChainFixture.clock();
    RunningNode node;
    PouwClient client;

    @BeforeEach
    void start() {
        node = chain.startNode(dir, clock);
        client = new PouwClient(URI.create(node.base), CAROL, Duration.ofSeconds(30), clock);
    }

    @AfterEach
    void stop() {
        client.close();
        node.close();
    }

    @Test
    void everyChainCallReadsTheNodesAnswer() {
        NodeGenesis genesis = client.chain().genesis();
        assertThat(genesis.chainId()).isEqualTo(chain.genesis.chainId().hex());
        assertThat(genesis.encoded()).isEqualTo(chain.genesis.encode());

        Transaction pay = chain.transfer(CAROL, 0, 10, BOB, 500);
        assertThat(client.chain().submitTx(pay.encode()).id()).isEqualTo(pay.id(chain.genesis.chainId()).hex());
        assertThat(client.chain().mempool()).singleElement().satisfies(tx -> assertThat(tx).isEqualTo(pay.encode()));
        assertThat(client.chain().tx(pay.id(chain.genesis.chainId()).hex()).isIncluded()).isFalse();
        assertThatThrownBy(() -> client.chain().submitTx(chain.transfer(CAROL, 1, 10, BOB, 5_000_000).encode()))
                .isInstanceOfSatisfying(ChainRefusedException.class, refused -> {
                    assertThat(refused.reason()).isEqualTo("INSUFFICIENT_FUNDS");
                    assertThat(refused.code()).isEqualTo("tx_refused");
                    assertThat(refused.status()).isEqualTo(400);
                });

        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 2, List.of(pay));
        BlockSubmitted first = client.chain().submitBlock(blocks.get(0).encode());
        assertThat(first.status()).isEqualTo("imported");
        assertThat(first.followed()).isTrue();
        assertThat(first.height()).isEqualTo(1);
        client.chain().submitBlock(blocks.get(1).encode());
        assertThatThrownBy(() -> client.chain().submitBlock(new byte[] {1, 2, 3}))
                .isInstanceOfSatisfying(ChainRefusedException.class,
                        refused -> assertThat(refused.reason()).isEqualTo("UNDECODABLE"));

        ChainHead head = client.chain().head();
        assertThat(head.height()).isEqualTo(2);
        assertThat(head.hash()).isEqualTo(chain.hash(blocks.get(1)).hex());
        assertThat(head.held()).isNull();
        ChainBlock atOne = client.chain().blockAt(1);
        assertThat(client.chain().block(atOne.hash())).usingRecursiveComparison().isEqualTo(atOne);
        assertThat(atOne.encoded()).isEqualTo(blocks.get(0).encode());
        assertThat(atOne.txs()).containsExactly(pay.id(chain.genesis.chainId()).hex());
        assertThat(atOne.miner()).isEqualTo(ALICE.did().toString());
        ChainBlockPage page = client.chain().blocks(1, 10);
        assertThat(page.blocks()).hasSize(2);
        assertThat(page.next()).isEqualTo(3);

        ChainTx included = client.chain().tx(pay.id(chain.genesis.chainId()).hex());
        assertThat(included.isIncluded()).isTrue();
        assertThat(included.height()).isEqualTo(1);
        assertThat(included.encoded()).isEqualTo(pay.encode());
        ChainAccount bob = client.chain().account(BOB.did().toString());
        assertThat(bob.balance()).isEqualTo(1_500);
        assertThat(bob.stakeRole()).isEqualTo("miner");
        assertThat(bob.unbondingUntil()).isEqualTo(-1);
        assertThat(client.chain().tasks()).isNotEmpty();
        ChainTaskDetail task = client.chain().task(atOne.task());
        assertThat(task.task().filler()).isTrue();
        assertThat(task.miners()).singleElement().satisfies(miner -> assertThat(miner.blocks()).isEqualTo(2));

        assertThat(DatasetCodec.decode(client.chain().dataset(DemoGenesis.dataset().id().hash().hex())).root())
                .isEqualTo(DemoGenesis.data().root());
        byte[] small = DatasetCodec.encode(DemoGenesis.blobs(12, 2, 2, 0.2, 5));
        ChainDataset uploaded = client.chain().uploadDataset(small);
        assertThat(client.chain().dataset(uploaded.datasetId())).isEqualTo(small);
        assertThatThrownBy(() -> client.chain().dataset("00".repeat(32)))
                .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.status()).isEqualTo(404));
    }

    @Test
    void chainEventsArriveOnTheEventStreamAndResumeAfterTheLastSeen() throws Exception {
        List<Block> blocks = chain.mine(ALICE, chain.genesisNode(), 3);
        for (Block block : blocks) {
            client.chain().submitBlock(block.encode());
        }
        String firstTwo = stream("/v1/pouw/events?after=0&limit=2", null);
        assertThat(firstTwo).contains("event:chain.block").contains(chain.hash(blocks.get(0)).hex())
                .contains(chain.hash(blocks.get(1)).hex()).doesNotContain(chain.hash(blocks.get(2)).hex());
        String lastId = firstTwo.lines().filter(line -> line.startsWith("id:")).reduce((a, b) -> b).orElseThrow()
                .substring(3).strip();

        String rest = stream("/v1/pouw/events?limit=1", lastId);

        assertThat(rest).contains("event:chain.block").contains(chain.hash(blocks.get(2)).hex())
                .contains("\"height\":3");
    }

    private String stream(String path, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node.base + path)).GET()
                .timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<byte[]> response = node.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return new String(response.body(), StandardCharsets.UTF_8);
    }
}
