package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.Accounts;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.LedgerEntry;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.Storage;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.Grant;
import org.pouw.gate.redeem.RedemptionPruner;
import org.pouw.gate.redeem.Redemptions;
import org.pouw.gate.redeem.RedemptionsContract;
import org.pouw.store.RedemptionStores;
import org.pouw.store.jdbc.SqlRedemptions;
import org.pouw.store.support.TestDatabase;

/**
 * The redemption store in the node's database: pouw-gate's {@link RedemptionsContract}, plus what only a store in
 * the ledger's database can do — pay a reward in the redemption's own transaction (issue 21 §2), so a replay pays
 * nothing and a refused or failed payment consumes nothing. Run on SQLite and on a real PostgreSQL.
 */
public abstract class SqlRedemptionsContract extends RedemptionsContract {
    /** The receipts' own funded account (issue 21 §3), never the market's reserved fees. */
    static final long SKEW_MS = 5_000;
    static final String RECEIPTS_POOL = "sys:receipts:pool";
    protected static final String CLIENT = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    /**
     * The refusal a grant answers when the receipts pool can not pay. It stands for {@code pool_empty}, which the
     * reward emission (branch gate-tokens) adds to {@link RejectionReason}; any refusal must consume nothing.
     */
    static final RejectionReason POOL_CAN_NOT_PAY = RejectionReason.INSUFFICIENT_WORK;

    protected TestDatabase database;
    private final List<Storage> opened = new ArrayList<>();

    /** A new, empty database; SQLite subclasses put it in a temporary folder, PostgreSQL ones on the shared server. */
    protected abstract TestDatabase newDatabase();

    @Override
    protected Redemptions newRedemptions() {
        return redemptions();
    }

    /** A store on this test's database (opened on first use), on a storage of its own: one more node. */
    protected SqlRedemptions redemptions() {
        if (database == null) {
            database = newDatabase();
        }
        Storage storage = database.open();
        opened.add(storage);
        return RedemptionStores.on(storage);
    }

    protected Storage storage() {
        if (opened.isEmpty()) {
            redemptions();
        }
        return opened.getFirst();
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(Storage::close);
        opened.clear();
    }

    /** The grant of a money reward: {@code amount} from the receipts pool to the client, keyed by the challenge. */
    static Grant<LedgerEntry> reward(String key, long amount) {
        return Grant.reward(tx -> pay(tx, key, amount));
    }

    private static GateVerdict<LedgerEntry> pay(StoreTx tx, String key, long amount) {
        EntryDraft draft = new EntryDraft(EntryKind.TRANSFER, "receipt-reward:" + key,
                List.of(new Posting(RECEIPTS_POOL, -amount), new Posting(CLIENT, amount)), List.of(), "receipt");
        try {
            return GateVerdict.accepted(tx.ledger().append(draft, 1_000).orElseThrow());
        } catch (PouwException e) {
            if (e.problem() == Problem.INSUFFICIENT_FUNDS) {
                return GateVerdict.rejected(POOL_CAN_NOT_PAY, "pool_empty: the receipts pool can not pay");
            }
            throw e;
        }
    }

    protected void fundPool(long amount) {
        storage().write(tx -> tx.ledger().append(new EntryDraft(EntryKind.GENESIS, "genesis:pool:" + amount,
                List.of(new Posting(Accounts.GENESIS, -amount), new Posting(RECEIPTS_POOL, amount)), List.of(),
                "receipts pool"), 1));
    }

    protected long balance(String account) {
        return storage().read(tx -> tx.ledger().balance(account));
    }

    @Test
    void aRewardIsPaidInTheRedemptionsTransaction() {
        SqlRedemptions redemptions = redemptions();
        fundPool(100);
        String key = freshKey();
        GateVerdict<LedgerEntry> paid = redemptions.redeem(key, LATER, reward(key, 7));
        assertThat(paid.isAccepted()).isTrue();
        assertThat(redemptions.isRecorded(key)).isTrue();
        assertThat(balance(CLIENT)).isEqualTo(7);
        assertThat(balance(RECEIPTS_POOL)).isEqualTo(93);
    }

    /** A2: the challenge that bought a reward can not buy a token, and a replay pays nothing. */
    @Test
    void aChallengeRedeemedForARewardBuysNothingElse() {
        SqlRedemptions redemptions = redemptions();
        fundPool(100);
        String key = freshKey();
        assertThat(redemptions.redeem(key, LATER, reward(key, 7)).isAccepted()).isTrue();

        assertThat(reason(redemptions.redeem(key, LATER, Grant.stateless(() -> GateVerdict.accepted("token")))))
                .isEqualTo(RejectionReason.REPLAYED);
        assertThat(reason(redemptions.redeem(key, LATER, reward(key, 7)))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(balance(CLIENT)).isEqualTo(7);
    }

    /** {@code pool_empty} consumes nothing: once the pool is funded, the same challenge is paid, once. */
    @Test
    void anEmptyPoolConsumesNothing() {
        SqlRedemptions redemptions = redemptions();
        String key = freshKey();
        GateVerdict<LedgerEntry> refused = redemptions.redeem(key, LATER, reward(key, 7));
        assertThat(reason(refused)).isEqualTo(POOL_CAN_NOT_PAY);
        assertThat(redemptions.isRecorded(key)).isFalse();
        assertThat(balance(CLIENT)).isZero();

        fundPool(10);
        assertThat(redemptions.redeem(key, LATER, reward(key, 7)).isAccepted()).isTrue();
        assertThat(balance(CLIENT)).isEqualTo(7);
    }

    /** A grant that wrote its entry and then refused leaves neither the entry nor the redemption behind. */
    @Test
    void aGrantThatRefusesAfterWritingLeavesNothing() {
        SqlRedemptions redemptions = redemptions();
        fundPool(100);
        String key = freshKey();
        GateVerdict<LedgerEntry> refused = redemptions.redeem(key, LATER, Grant.reward(tx -> {
            pay(tx, key, 7);
            return GateVerdict.rejected(POOL_CAN_NOT_PAY, "emission cap reached after the write");
        }));
        assertThat(reason(refused)).isEqualTo(POOL_CAN_NOT_PAY);
        assertThat(redemptions.isRecorded(key)).isFalse();
        assertThat(balance(CLIENT)).isZero();
        Optional<LedgerEntry> entry = storage().read(tx -> tx.ledger().byKey("receipt-reward:" + key));
        assertThat(entry).isEmpty();
    }

    @Test
    void aGrantThatThrowsAfterWritingLeavesNothing() {
        SqlRedemptions redemptions = redemptions();
        fundPool(100);
        String key = freshKey();
        assertThatThrownBy(() -> redemptions.redeem(key, LATER, Grant.reward(tx -> {
            pay(tx, key, 7);
            throw new IllegalStateException("crashed after paying");
        }))).hasMessageContaining("crashed after paying");
        assertThat(redemptions.isRecorded(key)).isFalse();
        assertThat(balance(CLIENT)).isZero();
    }

    /**
     * Entries live until the challenge's expiry plus the skew, never less: a prune at exactly that time keeps the
     * entry (a replay is still refused), the next millisecond's prune forgets it. The clock is a settable one.
     */
    @Test
    void pruningByTheClockNeverForgetsALiveRedemption() {
        SqlRedemptions redemptions = redemptions();
        SettableClock clock = new SettableClock(1_760_000_000_000L);
        long expiresAt = clock.millis() + 60_000;
        long keepUntil = expiresAt + SKEW_MS;
        String key = freshKey();
        String older = freshKey();
        assertThat(redemptions.redeemOnce(older, clock.millis() - 1)).isTrue();
        assertThat(redemptions.redeemOnce(key, keepUntil)).isTrue();
        RedemptionPruner pruner = new RedemptionPruner(redemptions, clock);

        assertThat(pruner.pruneOnce()).isEqualTo(1);
        clock.set(expiresAt);
        assertThat(pruner.pruneOnce()).isZero();
        clock.set(keepUntil);
        assertThat(pruner.pruneOnce()).isZero();
        assertThat(redemptions.redeemOnce(key, keepUntil)).as("a replay at expiry + skew").isFalse();

        clock.advance(1);
        assertThat(pruner.pruneOnce()).isEqualTo(1);
        assertThat(redemptions.isRecorded(key)).isFalse();
    }

    /** A grant of the store's own that also writes raw SQL is rolled back with the redemption when it refuses. */
    @Test
    void aGrantWithRawSqlIsRolledBackWithTheRedemption() {
        SqlRedemptions redemptions = redemptions();
        String key = freshKey();
        GateVerdict<Integer> refused = redemptions.redeemInTransaction(key, LATER, (sql, views) -> {
            sql.update("DELETE FROM redemptions WHERE redemption_key <> ?", key);
            assertThat(sql.longValue("SELECT COUNT(*) FROM redemptions WHERE redemption_key = ?", 0, key))
                    .isEqualTo(1);
            return GateVerdict.rejected(POOL_CAN_NOT_PAY, "refused after its own SQL");
        });
        assertThat(reason(refused)).isEqualTo(POOL_CAN_NOT_PAY);
        assertThat(redemptions.isRecorded(key)).isFalse();
        GateVerdict<Integer> paid = redemptions.redeemInTransaction(key, LATER, (sql, views) ->
                GateVerdict.accepted((int) sql.longValue("SELECT COUNT(*) FROM redemptions", 0)));
        assertThat(paid).isEqualTo(GateVerdict.accepted(1));
    }

    /** Fifty concurrent reward redemptions of one challenge: one payment. */
    @Test
    void fiftyConcurrentRewardRedemptionsPayOnce() throws Exception {
        SqlRedemptions redemptions = redemptions();
        fundPool(1_000);
        String key = freshKey();
        assertThat(accepted(concurrently(50, List.of(redemptions), key))).isEqualTo(1);
        assertThat(balance(CLIENT)).isEqualTo(7);
        assertThat(balance(RECEIPTS_POOL)).isEqualTo(993);
    }

    /** Runs {@code n} reward redemptions of {@code key} at once, spread over {@code stores} (several nodes). */
    protected static List<GateVerdict<LedgerEntry>> concurrently(int n, List<SqlRedemptions> stores, String key)
            throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<GateVerdict<LedgerEntry>>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(n)) {
            for (int i = 0; i < n; i++) {
                SqlRedemptions store = stores.get(i % stores.size());
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return store.redeem(key, LATER, reward(key, 7));
                }));
            }
            start.countDown();
        }
        List<GateVerdict<LedgerEntry>> verdicts = new ArrayList<>();
        for (Future<GateVerdict<LedgerEntry>> outcome : outcomes) {
            verdicts.add(outcome.get());
        }
        return verdicts;
    }

    protected static long accepted(List<? extends GateVerdict<?>> verdicts) {
        for (GateVerdict<?> verdict : verdicts) {
            if (!verdict.isAccepted()) {
                assertThat(reason(verdict)).isEqualTo(RejectionReason.REPLAYED);
            }
        }
        return verdicts.stream().filter(GateVerdict::isAccepted).count();
    }

    static RejectionReason reason(GateVerdict<?> verdict) {
        return verdict instanceof GateVerdict.Rejected<?> rejected ? rejected.reason() : null;
    }
}
