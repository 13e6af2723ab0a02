package org.pouw.core.ledger;

import org.pouw.core.PouwException;
import org.pouw.core.Problem;
import org.pouw.core.port.StoreTx;

/**
 * Spending may not touch collateral (issue 27, item 4): money an account locked behind its leases stays there until
 * the lease ends. Checked after the spending posting, in its transaction, with no claim able to lock more of the
 * account until it ends ({@code lockedForSpending}): a claim locking at the same moment either committed first and is
 * seen here, or waits and then sees the lower balance.
 */
public final class CollateralLocks {
    private CollateralLocks() {
    }

    /** {@code INSUFFICIENT_FUNDS} naming {@code field} when {@code account}'s balance is now below what it locked. */
    public static void requireCovered(StoreTx tx, String account, String field) {
        long locked = tx.ledger().lockedForSpending(account);
        if (locked == 0) {
            return;
        }
        long balance = tx.ledger().balance(account);
        if (balance < locked) {
            throw new PouwException(Problem.INSUFFICIENT_FUNDS, field, "account " + account + " would hold " + balance
                    + ", less than the " + locked + " it has locked as collateral for its leases");
        }
    }
}
