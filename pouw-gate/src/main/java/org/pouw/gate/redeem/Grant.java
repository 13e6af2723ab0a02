package org.pouw.gate.redeem;

import java.util.function.Function;
import java.util.function.Supplier;
import org.pouw.core.port.StoreTx;
import org.pouw.gate.GateVerdict;

/**
 * What a redemption buys, handed to {@link Redemptions#redeem} so the store runs it inside the redemption (issue 21
 * §2: the insert-if-absent of {@code chal:<id>} is in the same transaction as the reward or the token). A grant may
 * refuse (say {@code pool_empty}); then the store writes nothing and the challenge stays redeemable.
 *
 * <p>Two shapes, because stores differ in what "the same transaction" can mean (docs/gate.md, "The redemption
 * store"):
 * <ul>
 *   <li>{@link Stateless} computes what it grants and writes nothing (a signed access token). Any store runs it
 *       right after its insert and takes the insert back if it refuses or fails.</li>
 *   <li>{@link Stored} writes in the node's database (a ledger reward, a stored token record). Only a store whose
 *       insert lives in that database runs it, in the same database transaction; others refuse it as a wiring
 *       error. A money reward is always {@code Stored}: money moves only in the ledger's transaction.</li>
 * </ul>
 * A grant may run more than once for one redemption: an SQL store reruns its whole transaction after a deadlock or
 * a serialization failure, and only the last run's value is returned. So a grant has no effect outside the store's
 * transaction (signing a token is fine; sending it somewhere is not).
 */
public sealed interface Grant<G> {
    /** What the grant is worth: fail-open mode never grants money (issue 21 §5). */
    enum Buys {
        ACCESS,
        MONEY
    }

    Buys buys();

    /** A grant computed without a write, such as a signed, stateless access token. */
    record Stateless<G>(Supplier<GateVerdict<G>> mint) implements Grant<G> {
        @Override
        public Buys buys() {
            return Buys.ACCESS;
        }
    }

    /** A grant written in the node's database transaction, such as a ledger reward. */
    record Stored<G>(Buys buys, Function<StoreTx, GateVerdict<G>> write) implements Grant<G> {
        public Stored {
            if (buys == null || write == null) {
                throw new IllegalArgumentException("a stored grant needs what it buys and its write");
            }
        }
    }

    static <G> Grant<G> stateless(Supplier<GateVerdict<G>> mint) {
        return new Stateless<>(mint);
    }

    /** A money reward: a ledger entry written in the redemption's transaction. */
    static <G> Grant<G> reward(Function<StoreTx, GateVerdict<G>> write) {
        return new Stored<>(Buys.MONEY, write);
    }

    /** Access recorded in the database (a token record) in the redemption's transaction. */
    static <G> Grant<G> storedAccess(Function<StoreTx, GateVerdict<G>> write) {
        return new Stored<>(Buys.ACCESS, write);
    }
}
