package org.pouw.gate.redeem;

/**
 * The redemption store did not answer, met by a caller of {@link Redemptions#redeemOnce}, whose yes-or-no answer has
 * no room for "unknown". Nothing was redeemed; the node answers 503 ({@code store_unavailable}), as it does for the
 * verdict of {@link Redemptions#redeem}.
 */
public final class RedemptionStoreUnavailableException extends RuntimeException {
    public RedemptionStoreUnavailableException(String message) {
        super(message);
    }
}
