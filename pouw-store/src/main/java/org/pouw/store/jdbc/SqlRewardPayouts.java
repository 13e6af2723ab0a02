package org.pouw.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.redeem.RedemptionStoreUnavailableException;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.store.DatabaseUnreachableException;

/**
 * pouw-gate's {@link RewardPayouts} in the node's database (SQLite or PostgreSQL): one write transaction that, in the
 * port's order,
 * <ol>
 *   <li>adds the amount to the interval's row of {@code receipt_emissions} by one conditional upsert that changes
 *       nothing when the sum would pass the cap → {@code EMISSION_CAPPED};</li>
 *   <li>appends the ledger entry {@code receipt:<id>} moving the amount from {@code sys:receipts:pool} to the DID;
 *       the ledger's overdraft guard refuses it when the pool holds less → {@code POOL_EMPTY}; a key already in the
 *       ledger → {@code REPLAYED};</li>
 *   <li>inserts {@code chal:<id>} into {@code redemptions} (the table tokens redeem from) if absent → else
 *       {@code REPLAYED}.</li>
 * </ol>
 * Any refusal rolls the whole transaction back, so a refused claim leaves no emission, no entry and no redemption:
 * the challenge can still buy its token.
 *
 * <p>Concurrency on PostgreSQL (READ COMMITTED), across any number of nodes on one database: the emission upsert
 * locks the interval's row, so claims in one interval pass one at a time through the cap; the ledger append locks the
 * chain's head and applies balances with a guarded upsert, so the pool is never overdrawn; and the redemptions' key
 * is the primary key a second insert waits on. Locks are taken in this one order by every payout, so payouts never
 * deadlock one another. ({@link SqlRedemptions} with a {@code Grant.reward} takes the redemption key before the
 * ledger's head, the other way round; should a node mix both for one challenge, PostgreSQL breaks the cycle and the
 * storage reruns the losing transaction, which then answers {@code REPLAYED}.)
 */
public final class SqlRewardPayouts implements RewardPayouts {
    private static final String COUNT_EMISSION = """
            INSERT INTO receipt_emissions (interval_start_ms, emitted)
            SELECT CAST(? AS BIGINT), CAST(? AS BIGINT) WHERE CAST(? AS BIGINT) <= CAST(? AS BIGINT)
            ON CONFLICT (interval_start_ms) DO UPDATE SET emitted = receipt_emissions.emitted + excluded.emitted
            WHERE receipt_emissions.emitted + excluded.emitted <= CAST(? AS BIGINT)""";
    private static final String REDEEM = "INSERT INTO redemptions (redemption_key, keep_until_ms) VALUES (?, ?) "
            + "ON CONFLICT (redemption_key) DO NOTHING";
    private static final String EMITTED = "SELECT emitted FROM receipt_emissions WHERE interval_start_ms = ?";
    private static final String FORGET = "DELETE FROM receipt_emissions WHERE interval_start_ms < ?";

    /** Savepoints delimit each claim of a group: a refused one is rolled back alone, its neighbours commit. */
    private static final String SAVEPOINT = "SAVEPOINT reward_claim";
    private static final String ROLLBACK_CLAIM = "ROLLBACK TO SAVEPOINT reward_claim";
    private static final String RELEASE_CLAIM = "RELEASE SAVEPOINT reward_claim";
    /**
     * Claims per grouped transaction: enough to take every request the HTTP edge lets in at once, small enough that
     * the writer is not held for long (a claim is some tens of microseconds of SQL).
     */
    static final int MAX_GROUP = 64;
    /** Claims that may wait for a grouped transaction, like the storage's own line for its writer. */
    static final int MAX_WAITING = 256;

    private final SqlTransactions database;
    private final Clock clock;
    private final GroupCommit<RewardClaim, Outcome> grouped;

    /**
     * @param database the node's storage (a {@code SqliteStorage} or {@code PostgresStorage}); the ledger, the
     *                 redemptions and the emission counts all live in it
     * @param clock    stamps the ledger entry
     * @param group    whether concurrent claims share write transactions ({@link GroupCommit}): for SQLite, whose
     *                 one writer runs transactions one after another anyway; on PostgreSQL each claim keeps its own
     *                 transaction, so a node's claims do not queue behind one connection
     */
    public SqlRewardPayouts(SqlTransactions database, Clock clock, boolean group) {
        this.database = database;
        this.clock = clock;
        this.grouped = group ? new GroupCommit<>(this::payAll, MAX_GROUP, MAX_WAITING) : null;
    }

    @Override
    public Outcome payOnce(RewardClaim claim) {
        try {
            if (grouped != null) {
                return grouped.run(claim);
            }
            // A refusal leaves the transaction as a WriteRefusal, which rolls it back, and is answered below.
            return database.writeSqlWithViews((sql, views) -> pay(sql, views, claim));
        } catch (WriteRefusal refused) {
            return refused.answer(Outcome.class);
        } catch (DatabaseUnreachableException e) {
            throw new RedemptionStoreUnavailableException("reward " + claim.ledgerKey() + ": " + e.getMessage());
        }
    }

    /** Grouped write transactions run so far (fewer than the claims when they were grouped); 0 when not grouping. */
    public long groupedTransactions() {
        return grouped == null ? 0 : grouped.batches();
    }

    /** Claims waiting for or in a grouped transaction now; 0 when not grouping. */
    public int claimsInLine() {
        return grouped == null ? 0 : grouped.inLine();
    }

    /**
     * One transaction for a group of claims, each between a savepoint and its release: a claim refused is rolled
     * back to its savepoint alone, so it leaves nothing (§A19) while the claims around it stand. Claims of one
     * challenge in one group meet as they would in two transactions: the second finds the first's ledger entry and
     * is {@code REPLAYED}. A failure that is not a refusal fails the whole group, and nothing of it commits.
     */
    private List<Outcome> payAll(List<RewardClaim> claims) {
        return database.writeSqlWithViews((sql, views) -> {
            List<Outcome> outcomes = new ArrayList<>(claims.size());
            for (RewardClaim claim : claims) {
                sql.update(SAVEPOINT);
                try {
                    outcomes.add(pay(sql, views, claim));
                } catch (WriteRefusal refused) {
                    sql.update(ROLLBACK_CLAIM);
                    outcomes.add(refused.answer(Outcome.class));
                }
                sql.update(RELEASE_CLAIM);
            }
            return outcomes;
        });
    }

    /** The claim's three steps in the caller's transaction; a refusal is thrown for the caller to roll back. */
    private Outcome pay(SqlSession sql, StoreTx views, RewardClaim claim) {
        if (sql.update(COUNT_EMISSION, claim.intervalStartMs(), claim.amount(), claim.amount(),
                claim.emissionCap(), claim.emissionCap()) == 0) {
            throw new WriteRefusal(Outcome.EMISSION_CAPPED);
        }
        EntryDraft entry = new EntryDraft(EntryKind.TRANSFER, claim.ledgerKey(),
                List.of(new Posting(POOL_ACCOUNT, -claim.amount()), new Posting(claim.did(), claim.amount())),
                List.of(), "receipt reward, " + claim.redemptionKey());
        try {
            if (views.ledger().append(entry, clock.millis()).isEmpty()) {
                throw new WriteRefusal(Outcome.REPLAYED);
            }
        } catch (PouwException e) {
            if (e.problem() == Problem.INSUFFICIENT_FUNDS) {
                throw new WriteRefusal(Outcome.POOL_EMPTY);
            }
            throw e;
        }
        if (sql.update(REDEEM, claim.redemptionKey(), claim.keepUntilMs()) == 0) {
            throw new WriteRefusal(Outcome.REPLAYED);
        }
        return Outcome.PAID;
    }

    /** What receipts paid in the interval starting at {@code intervalStartMs}: for operators and tests. */
    public long emitted(long intervalStartMs) {
        return database.readSql(sql -> sql.longValue(EMITTED, 0, intervalStartMs));
    }

    /** Forgets the counts of intervals that started before {@code intervalStartMs}; returns how many. */
    @Override
    public int forgetIntervalsBefore(long intervalStartMs) {
        return database.writeSql(sql -> sql.update(FORGET, intervalStartMs));
    }
}
