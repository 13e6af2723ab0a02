package org.pouw.chain.state;

import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/** States for tests outside this package, which can not write accounts directly. */
public final class TestStates {
    private TestStates() {
    }

    /** Gives {@code key} {@code amount} of stake that is already active. */
    public static void stake(StateLayer state, Ed25519.KeyPair key, long amount) {
        state.putStake(Bytes32.of(key.publicKey()), new Stake(amount, 0, 0, 0, 0));
    }

    /** A state in which each of {@code keys} holds {@code balance} with nonce 0. */
    public static StateLayer funded(long balance, Ed25519.KeyPair... keys) {
        StateLayer state = StateLayer.empty();
        for (Ed25519.KeyPair key : keys) {
            state.putAccount(Bytes32.of(key.publicKey()), new Account(balance, 0));
        }
        return state;
    }
}
