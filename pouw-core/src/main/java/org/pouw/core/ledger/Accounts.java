package org.pouw.core.ledger;

/**
 * The system's own accounts. Client and prover accounts are their did:key strings.
 *
 * <p>Fees move from a client into {@link #POOL_RESERVED} when its jobs are created; a completed job moves its
 * reward from there to the prover and the rest of its fee to {@link #POOL_EARNED}; an expired job's fee goes back
 * to the client. {@link #GENESIS} alone may go negative: it is where the dev allocation comes from.
 */
public final class Accounts {
    public static final String GENESIS = "sys:genesis";
    public static final String POOL_RESERVED = "sys:pool:reserved";
    public static final String POOL_EARNED = "sys:pool:earned";

    private Accounts() {
    }

    public static boolean mayGoNegative(String account) {
        return GENESIS.equals(account);
    }
}
