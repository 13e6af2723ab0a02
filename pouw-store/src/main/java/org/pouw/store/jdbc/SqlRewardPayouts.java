package org.pouw.store.jdbc;

import java.util.List;
import org.pouw.core.Clock;
import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.ledger.EntryDraft;
import org.pouw.core.ledger.EntryKind;
import org.pouw.core.ledger.Posting;
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

    private final SqlTransactions database;
    private final Clock clock;

    /**
     * @param database the node's storage (a {@code SqliteStorage} or {@code PostgresStorage}); the ledger, the
     *                 redemptions and the emission counts all live in it
     * @param clock    stamps the ledger entry
     */
    public SqlRewardPayouts(SqlTransactions database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Outcome payOnce(RewardClaim claim) {
        try {
            return database.writeSqlWithViews((sql, views) -> {
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
            });
        } catch (WriteRefusal refused) {
            return refused.answer(Outcome.class);
        } catch (DatabaseUnreachableException e) {
            throw new RedemptionStoreUnavailableException("reward " + claim.ledgerKey() + ": " + e.getMessage());
        }
    }

    /** What receipts paid in the interval starting at {@code intervalStartMs}: for operators and tests. */
    public long emitted(long intervalStartMs) {
        return database.readSql(sql -> sql.longValue(EMITTED, 0, intervalStartMs));
    }

    /** Forgets the counts of intervals that started before {@code intervalStartMs}; returns how many. */
    public int forgetIntervalsBefore(long intervalStartMs) {
        return database.writeSql(sql -> sql.update(FORGET, intervalStartMs));
    }
}
