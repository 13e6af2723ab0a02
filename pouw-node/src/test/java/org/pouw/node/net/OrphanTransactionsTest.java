package org.pouw.node.net;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

class OrphanTransactionsTest {
    private static final Bytes32 CHAIN = Bytes32.of(new byte[32]);
    private final OrphanTransactions orphans = new OrphanTransactions();
    private final Ed25519.KeyPair sender = Ed25519.KeyPair.generate();

    private Transaction tx(Ed25519.KeyPair from, long nonce) {
        return Transaction.sign(from, CHAIN, nonce, 10, new byte[0], new Transfer(Bytes32.of(new byte[32]), 1));
    }

    private boolean hold(DidKey from, Transaction tx, long now) {
        return orphans.hold(from, tx.id(CHAIN), tx, tx.encode(), now);
    }

    @Test
    void childrenAreTakenOutByTheirParentsNonceOnly() {
        DidKey relay = Ed25519.KeyPair.generate().did();
        Transaction second = tx(sender, 2);
        Transaction third = tx(sender, 3);
        assertThat(hold(relay, second, 0)).isTrue();
        assertThat(hold(relay, third, 0)).isTrue();
        assertThat(hold(relay, third, 0)).as("held once").isFalse();

        assertThat(orphans.takeChildren(Bytes32.of(sender.publicKey()), 0)).isEmpty();
        assertThat(orphans.takeChildren(Bytes32.of(Ed25519.KeyPair.generate().publicKey()), 1)).isEmpty();
        assertThat(orphans.takeChildren(Bytes32.of(sender.publicKey()), 1)).extracting(o -> o.tx())
                .containsExactly(second);
        assertThat(orphans.size()).isOne();
        assertThat(orphans.heldBy(relay)).isOne();
    }

    @Test
    void aRelayAtItsShareMakesRoomFromItsOwnOldestOnly() {
        DidKey flooder = Ed25519.KeyPair.generate().did();
        DidKey honest = Ed25519.KeyPair.generate().did();
        Transaction honestOrphan = tx(sender, 1);
        hold(honest, honestOrphan, 0);
        Ed25519.KeyPair flooderKey = Ed25519.KeyPair.generate();
        for (int i = 0; i < 10 * OrphanTransactions.MAX_PER_PEER; i++) {
            hold(flooder, tx(flooderKey, 1 + i), i);
        }
        assertThat(orphans.heldBy(flooder)).isEqualTo(OrphanTransactions.MAX_PER_PEER);
        assertThat(orphans.holds(honestOrphan.id(CHAIN))).isTrue();
        assertThat(orphans.holds(tx(flooderKey, 1).id(CHAIN))).as("its oldest went").isFalse();
    }

    @Test
    void aFullPoolTakesFromTheLargestHolderNeverFromAPeerWithFewer() {
        DidKey honest = Ed25519.KeyPair.generate().did();
        Transaction honestOrphan = tx(sender, 1);
        hold(honest, honestOrphan, 0);
        int links = OrphanTransactions.MAX_ORPHANS / OrphanTransactions.MAX_PER_PEER + 4;   // 12 links at their share
        for (int link = 0; link < links; link++) {
            DidKey sybil = Ed25519.KeyPair.generate().did();
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            for (int i = 0; i < OrphanTransactions.MAX_PER_PEER; i++) {
                hold(sybil, tx(key, 1 + i), link);
                assertThat(orphans.size()).isLessThanOrEqualTo(OrphanTransactions.MAX_ORPHANS);
            }
        }
        assertThat(orphans.size()).isEqualTo(OrphanTransactions.MAX_ORPHANS);
        assertThat(orphans.holds(honestOrphan.id(CHAIN))).isTrue();
    }

    @Test
    void tooLargeIsNotHeldAndOldOnesExpireAndAGoneRelaysGoWithIt() {
        DidKey relay = Ed25519.KeyPair.generate().did();
        Transaction large = tx(sender, 5);
        assertThat(orphans.hold(relay, large.id(CHAIN), large, new byte[OrphanTransactions.MAX_ORPHAN_BYTES + 1], 0))
                .as("a kind larger than a transfer").isFalse();

        hold(relay, tx(sender, 1), 0);
        hold(relay, tx(sender, 2), 100);
        orphans.expire(OrphanTransactions.EXPIRY_CRANKS - 1);
        assertThat(orphans.size()).isEqualTo(2);
        orphans.expire(OrphanTransactions.EXPIRY_CRANKS);
        assertThat(orphans.size()).isOne();
        assertThat(orphans.heldBy(relay)).isOne();

        orphans.forget(relay);
        assertThat(orphans.size()).isZero();
        assertThat(orphans.heldBy(relay)).isZero();
    }

    @Test
    void eachOrphanPushedOutOrExpiredIsToldAsLostToItsRelay() {
        java.util.List<DidKey> lost = new java.util.ArrayList<>();
        OrphanTransactions told = new OrphanTransactions(lost::add);
        DidKey relay = Ed25519.KeyPair.generate().did();
        for (int i = 0; i <= OrphanTransactions.MAX_PER_PEER; i++) {
            Transaction tx = tx(sender, 2 + i);
            told.hold(relay, tx.id(CHAIN), tx, tx.encode(), i);
        }
        assertThat(lost).as("the relay's oldest made room").containsExactly(relay);
        told.takeChildren(Bytes32.of(sender.publicKey()), 2);
        assertThat(lost).as("taken out by its parent is not lost").hasSize(1);
        told.expire(OrphanTransactions.EXPIRY_CRANKS + OrphanTransactions.MAX_PER_PEER);
        assertThat(lost).as("every expired one").hasSize(OrphanTransactions.MAX_PER_PEER);
        told.forget(relay);
        assertThat(lost).as("a gone relay's are not asked again").hasSize(OrphanTransactions.MAX_PER_PEER);
    }
}
