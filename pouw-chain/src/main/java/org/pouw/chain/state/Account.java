package org.pouw.chain.state;

/**
 * An account on chain: its spendable balance and its nonce, the number of transactions it has sent (the next one
 * must carry exactly this number, so none can be applied twice or out of order).
 */
public record Account(long balance, long nonce) {
    public static final Account EMPTY = new Account(0, 0);

    public Account {
        if (balance < 0) {
            throw new IllegalArgumentException("balance must be >= 0, got " + balance);
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must be >= 0, got " + nonce);
        }
    }
}
