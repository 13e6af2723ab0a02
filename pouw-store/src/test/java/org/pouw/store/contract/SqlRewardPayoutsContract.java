package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerAudit;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.gate.reward.RewardPayouts.Outcome;
import org.pouw.gate.reward.RewardPayouts.RewardClaim;
import org.pouw.gate.reward.RewardPayoutsContract;
import org.pouw.store.GateStores;
import org.pouw.store.RedemptionStores;
import org.pouw.store.jdbc.SqlRewardPayouts;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.TestDatabase;

/**
 * {@link SqlRewardPayouts} under pouw-gate's {@link RewardPayoutsContract}, on the node's real database (SQLite in
 * the test phase, PostgreSQL as an IT), plus what the SQL store adds: the ledger entry is {@code receipt:<id>} in a
 * ledger that still audits, a refusal leaves no emission count and no entry, and the cap is counted in the database.
 */
public abstract class SqlRewardPayoutsContract extends RewardPayoutsContract {
    protected static final String DID = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    protected final SettableClock clock = new SettableClock(1_760_000_000_000L);
    protected final OpenStorages storages = new OpenStorages();

    protected abstract TestDatabase newDatabase();

    /** One more node on this test's database. */
    protected Storage node() {
        return storages.open(this::newDatabase);
    }

    @AfterEach
    void closeStorages() {
        storages.close();
    }

    @Override
    protected Fixture newFixture() {
        Storage storage = node();
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        Redemptions redemptions = RedemptionStores.on(storage);
        return new Fixture() {
            @Override
            public RewardPayouts payouts() {
                return payouts;
            }

            @Override
            public Redemptions redemptions() {
                return redemptions;
            }

            @Override
            public void fund(long amount) {
                fundPool(storage, amount);
            }

            @Override
            public long balance(String account) {
                return storage.read((StoreTx tx) -> tx.ledger().balance(account));
            }
        };
    }

    protected static void fundPool(Storage storage, long amount) {
        storage.write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:receipts:" + amount,
                List.of(new Posting(Accounts.GENESIS, -amount), new Posting(RewardPayouts.POOL_ACCOUNT, amount)),
                List.of(), "receipts pool"), 1));
    }

    protected static RewardClaim claim(String challengeId, long amount, long cap) {
        return new RewardClaim(Redemptions.challengeKey(challengeId), 10_000, DID, amount,
                RewardPayouts.ledgerKey(challengeId), 0, cap);
    }

    protected static void assertAudits(Storage storage) {
        LedgerAudit.Report report = new LedgerAudit(storage).run();
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void thePaymentIsTheLedgerEntryReceiptIdFromThePoolAndTheLedgerAudits() {
        Storage storage = node();
        fundPool(storage, 100);
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        assertThat(payouts.payOnce(claim("x1", 10, 1_000))).isEqualTo(Outcome.PAID);
        LedgerEntry entry = storage.read((StoreTx tx) -> tx.ledger().byKey("receipt:x1")).orElseThrow();
        assertThat(entry.postings()).containsExactly(new Posting(RewardPayouts.POOL_ACCOUNT, -10),
                new Posting(DID, 10));
        assertThat(entry.atMs()).isEqualTo(clock.millis());
        assertThat(RedemptionStores.on(storage).isRecorded("chal:x1")).isTrue();
        assertThat(payouts.emitted(0)).isEqualTo(10);
        assertAudits(storage);
    }

    /** A19: a refusal for want of money or of cap writes nothing at all, not even the emission count. */
    @Test
    void aRefusedClaimLeavesNoCountNoEntryAndNoRedemption() {
        Storage storage = node();
        fundPool(storage, 5);
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        assertThat(payouts.payOnce(claim("x2", 10, 1_000))).isEqualTo(Outcome.POOL_EMPTY);
        assertThat(payouts.payOnce(claim("x3", 10, 9))).isEqualTo(Outcome.EMISSION_CAPPED);
        assertThat(payouts.emitted(0)).isZero();
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("receipt:x2"))).isEmpty();
        assertThat(RedemptionStores.on(storage).isRecorded("chal:x2")).isFalse();
        assertThat(RedemptionStores.on(storage).isRecorded("chal:x3")).isFalse();
        assertAudits(storage);
    }

    /** A challenge that bought a token first pays nothing afterwards: the payout's transaction is rolled back. */
    @Test
    void aChallengeRedeemedForATokenIsNotPaidAndMovesNoMoney() {
        Storage storage = node();
        fundPool(storage, 100);
        assertThat(RedemptionStores.on(storage).redeemOnce("chal:x4", 10_000)).isTrue();
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        assertThat(payouts.payOnce(claim("x4", 10, 1_000))).isEqualTo(Outcome.REPLAYED);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().balance(RewardPayouts.POOL_ACCOUNT))).isEqualTo(100);
        assertThat(storage.read((StoreTx tx) -> tx.ledger().byKey("receipt:x4"))).isEmpty();
        assertThat(payouts.emitted(0)).isZero();
    }

    @Test
    void oldIntervalCountsAreForgottenOnlyBeforeTheGivenStart() {
        Storage storage = node();
        fundPool(storage, 100);
        SqlRewardPayouts payouts = GateStores.rewardPayouts(storage, clock);
        payouts.payOnce(new RewardClaim("chal:y1", 10_000, DID, 10, "receipt:y1", 0, 100));
        payouts.payOnce(new RewardClaim("chal:y2", 10_000, DID, 10, "receipt:y2", 60_000, 100));
        assertThat(payouts.forgetIntervalsBefore(60_000)).isEqualTo(1);
        assertThat(payouts.emitted(0)).isZero();
        assertThat(payouts.emitted(60_000)).isEqualTo(10);
    }
}
