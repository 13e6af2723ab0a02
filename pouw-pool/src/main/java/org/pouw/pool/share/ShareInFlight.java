package org.pouw.pool.share;

import java.util.concurrent.CompletableFuture;

/**
 * A share on its way to its verdict: either decided already (refused before the ledger, or an answer that needed no
 * commit), or through every check and waiting for the ledger's commit of its header hash. {@link ShareValidator#settle}
 * turns it into the verdict, waiting for that commit first: nothing is accepted before it is committed.
 */
public final class ShareInFlight {
    private final ShareVerdict decided;
    private final CompletableFuture<Boolean> recorded;
    private final ValidShare share;
    private final String hashHex;
    private final long achieved;

    private ShareInFlight(ShareVerdict decided, CompletableFuture<Boolean> recorded, ValidShare share, String hashHex,
            long achieved) {
        this.decided = decided;
        this.recorded = recorded;
        this.share = share;
        this.hashHex = hashHex;
        this.achieved = achieved;
    }

    static ShareInFlight decided(ShareVerdict verdict) {
        return new ShareInFlight(verdict, null, null, null, 0);
    }

    static ShareInFlight recording(CompletableFuture<Boolean> recorded, ValidShare share, String hashHex,
            long achieved) {
        return new ShareInFlight(null, recorded, share, hashHex, achieved);
    }

    /** The verdict when no commit is awaited, else null. */
    ShareVerdict decided() {
        return decided;
    }

    CompletableFuture<Boolean> recorded() {
        return recorded;
    }

    ValidShare share() {
        return share;
    }

    String hashHex() {
        return hashHex;
    }

    long achieved() {
        return achieved;
    }
}
