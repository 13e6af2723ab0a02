package org.pouw.core.ledger;

/**
 * The system's own accounts. Client and prover accounts are their did:key strings.
 *
 * <p>Fees move from a client into {@link #POOL_RESERVED} when its jobs are created; a completed job moves its
 * reward from there to the prover and the rest of its fee to {@link #POOL_EARNED}; an expired job's fee goes back
 * to the client. The base part of a fee ({@link #MARKET_BASE}) is kept at posting, whatever becomes of the jobs.
 * {@link #GENESIS} alone may go negative: it is where the dev allocation comes from.
 */
public final class Accounts {
    public static final String GENESIS = "sys:genesis";
    public static final String POOL_RESERVED = "sys:pool:reserved";
    public static final String POOL_EARNED = "sys:pool:earned";
    /** The base part of every intent's fee, kept when the intent is posted and never refunded (docs/economics.md). */
    public static final String MARKET_BASE = "sys:market:base";
    /**
     * Collateral forfeited on jobs not yet ended (issue 27, item 4): held here until its job ends, then paid to whoever
     * completes it or moved to {@link #POOL_EARNED}; never to the job's requester.
     */
    public static final String MARKET_FORFEITS = "sys:market:forfeits";

    private Accounts() {
    }

    public static boolean mayGoNegative(String account) {
        return GENESIS.equals(account);
    }
}
