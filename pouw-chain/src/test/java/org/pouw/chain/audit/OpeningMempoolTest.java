package org.pouw.chain.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mempool.Mempool;
import org.pouw.chain.mempool.MempoolAdmission;
import org.pouw.chain.state.AuditBlockRules;
import org.pouw.chain.tx.AuditOpen;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;

/**
 * Openings are never crowded out of the mempool by fee (docs/chain.md §5.3): a full pool of well-paying transfers
 * still admits a zero-fee opening without evicting anything, a later well-paying transfer evicts a transfer and never
 * the opening, and a block of one transaction takes the opening first.
 */
class OpeningMempoolTest {
    private static final Ed25519.KeyPair POSTER = AuditScenario.key(1);
    private static final Ed25519.KeyPair MINER = AuditScenario.key(2);
    private static final Ed25519.KeyPair OTHER = AuditScenario.key(3);

    @Test
    void anOpeningHasReservedRoomAndGoesFirst() {
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        chain.block(MINER, 6);
        chain.block(OTHER, 1);
        chain.block(OTHER, 1);
        Mempool pool = new Mempool(chain.transactions, 2, 4, new AuditBlockRules(AuditScenario.CHAIN,
                AuditScenario.AUDITS));
        long next = chain.height + 1;
        assertThat(pool.add(transfer(chain, POSTER, 0, 50), chain.state, next).isAccepted()).isTrue();
        Transaction cheapest = transfer(chain, OTHER, 0, 60);
        assertThat(pool.add(cheapest, chain.state, next).isAccepted()).isTrue();
        Transaction opening = Transaction.sign(MINER, AuditScenario.CHAIN, 0, 0, new byte[0], chain.opening(1));
        MempoolAdmission admitted = pool.add(opening, chain.state, next);
        assertThat(admitted.isAccepted()).as(admitted.toString()).isTrue();
        assertThat(admitted.evicted()).isEmpty();
        MempoolAdmission richer = pool.add(transfer(chain, POSTER, 1, 500), chain.state, next);
        assertThat(richer.isAccepted()).isTrue();
        assertThat(richer.evicted()).as("the cheapest transfer goes, not the zero-fee opening").containsExactly(cheapest);
        assertThat(pool.contains(opening)).isTrue();
        List<Transaction> block = pool.select(1, chain.state, next);
        assertThat(block).containsExactly(opening);
        assertThat(block.getFirst().body()).isInstanceOf(AuditOpen.class);
    }

    /**
     * Openings go oldest audit first, whoever's key sorts first: a block's audit budget fits about one, so an order by
     * sender would let one miner's stream of openings starve the other's and every later nonce of its (its reveal).
     */
    @Test
    void theOldestAuditIsOpenedFirstWhateverTheSendersKeys() {
        boolean minerSortsFirst = AuditScenario.id(MINER).hex().compareTo(AuditScenario.id(OTHER).hex()) < 0;
        Ed25519.KeyPair older = minerSortsFirst ? OTHER : MINER;
        Ed25519.KeyPair newer = minerSortsFirst ? MINER : OTHER;
        AuditScenario chain = new AuditScenario(POSTER, MINER, OTHER);
        chain.block(older, 6);
        chain.block(newer, 6);
        chain.block(older, 1);
        chain.block(newer, 1);
        Mempool pool = new Mempool(chain.transactions, 16, 4, new AuditBlockRules(AuditScenario.CHAIN,
                AuditScenario.AUDITS));
        long next = chain.height + 1;
        Transaction newerOpening = chain.tx(newer, chain.opening(2));
        Transaction olderOpening = chain.tx(older, chain.opening(1));
        assertThat(pool.add(newerOpening, chain.state, next).isAccepted()).isTrue();
        assertThat(pool.add(olderOpening, chain.state, next).isAccepted()).isTrue();

        assertThat(pool.select(1, chain.state, next)).containsExactly(olderOpening);
        assertThat(pool.select(2, chain.state, next)).as("the block's audit budget fits one: the newer waits")
                .containsExactly(olderOpening);
    }

    private static Transaction transfer(AuditScenario chain, Ed25519.KeyPair from, long nonce, long fee) {
        return Transaction.sign(from, AuditScenario.CHAIN, chain.state.account(AuditScenario.id(from)).nonce() + nonce,
                fee, new byte[0], new Transfer(AuditScenario.id(MINER), 1));
    }
}
