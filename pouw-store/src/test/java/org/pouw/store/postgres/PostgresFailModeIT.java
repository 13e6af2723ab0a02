package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.FailMode;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.store.RedemptionStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;

/**
 * Fail-open over the node's own database when that database dies: a PostgreSQL server of this test's own, stopped
 * under the node. A reward is refused in fail-open (money moves only in the ledger's transaction, and there is none);
 * an access token for a challenge this node issued is granted.
 */
class PostgresFailModeIT {
    @Test
    void failOpenOverADeadDatabaseRefusesRewardsAndGrantsOnlyTokens() throws IOException {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        RedemptionSettings settings = new RedemptionSettings(RedemptionSettings.SQL, "", 5_000, FailMode.FAIL_OPEN,
                30_000, 100);
        AtomicInteger grants = new AtomicInteger();
        try (Storage storage = StorageFactory.open(StorageConfig.postgresql(server.getJdbcUrl("postgres", "postgres"),
                "postgres", "postgres", 2))) {
            // Read the time only now: opening the storage (migrations) can take seconds on a busy machine, and the
            // start-up check allows 5 s between this clock and the database's.
            SettableClock clock = new SettableClock(System.currentTimeMillis());
            FailModeRedemptions node = RedemptionStores.open(settings, storage, clock);
            storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:pool", List.of(
                    new Posting(Accounts.GENESIS, -100), new Posting("sys:receipts:pool", 100)), List.of(), ""), 1));
            long keepUntil = clock.millis() + 600_000;
            node.issued("c1", keepUntil);
            Grant<Integer> reward = Grant.reward(tx -> {
                tx.ledger().append(new EntryDraft(EntryKind.TRANSFER, "receipt-reward:c1", List.of(
                        new Posting("sys:receipts:pool", -7), new Posting("did:key:z6Mkclient", 7)), List.of(), ""), 2);
                return GateVerdict.accepted(grants.incrementAndGet());
            });

            server.close();
            assertThat(reason(node.redeem(Redemptions.challengeKey("c1"), keepUntil, reward)))
                    .isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            clock.advance(30_000);
            GateVerdict<Integer> refusedReward = node.redeem(Redemptions.challengeKey("c1"), keepUntil, reward);
            assertThat(reason(refusedReward)).isEqualTo(RejectionReason.STORE_UNAVAILABLE);
            assertThat(((GateVerdict.Rejected<Integer>) refusedReward).detail()).contains("never MONEY");
            assertThat(node.state()).isEqualTo(FailModeRedemptions.State.FAIL_OPEN);

            GateVerdict<Integer> token = node.redeem(Redemptions.challengeKey("c1"), keepUntil,
                    Grant.stateless(() -> GateVerdict.accepted(grants.incrementAndGet())));
            assertThat(token).isEqualTo(GateVerdict.accepted(1));
            assertThat(grants).hasValue(1);
        } finally {
            server.close();
        }
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        return verdict instanceof GateVerdict.Rejected<?> rejected ? rejected.reason() : null;
    }
}
