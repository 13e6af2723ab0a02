package org.pouw.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.port.StoreTx;
import org.pouw.crypto.Ed25519;

/**
 * {@link DurableRewardsContract} on a real PostgreSQL server (a fresh one per test, so each starts from an empty
 * ledger), plus two nodes on the one database: one receipt sent to both at once is paid once.
 */
class PostgresDurableRewardsIT extends DurableRewardsContract {
    private EmbeddedPostgres postgres;

    @BeforeEach
    void startDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off").start();
    }

    @AfterEach
    void stopDatabase() throws IOException {
        postgres.close();
    }

    @Override
    Map<String, String> storage() {
        return Map.of("storage.backend", "postgresql", "storage.url", postgres.getJdbcUrl("postgres", "postgres"),
                "storage.user", "postgres");
    }

    @Test
    void oneReceiptSentToTwoNodesOnOneDatabaseTwentyTimesEachIsPaidOnce() throws Exception {
        Ed25519.KeyPair client = Ed25519.KeyPair.generate();
        try (RunningNode a = start("a"); RunningNode b = start("b")) {
            String receipt = ReceiptMaker.receipt(a, client);
            AtomicInteger paid = new AtomicInteger();
            AtomicInteger replayed = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                RunningNode node = i % 2 == 0 ? a : b;
                senders.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    RunningNode.Reply reply = node.post("/v1/receipts", receipt, null);
                    if (reply.status() == 200) {
                        paid.incrementAndGet();
                    } else if (reply.code().equals("replayed")) {
                        replayed.incrementAndGet();
                    }
                }));
            }
            go.countDown();
            for (Thread sender : senders) {
                sender.join();
            }
            assertThat(paid.get()).isEqualTo(1);
            assertThat(replayed.get()).isEqualTo(39);
            assertThat(b.node.storage().read((StoreTx tx) -> tx.ledger().balance(client.did().toString())))
                    .isEqualTo(10);
            assertThat(new LedgerAudit(a.node.storage()).run().problems()).isEmpty();
        }
    }
}
