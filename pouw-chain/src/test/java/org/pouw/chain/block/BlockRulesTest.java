package org.pouw.chain.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pouw.chain.block.MinedHeaders.ALICE;
import static org.pouw.chain.block.MinedHeaders.BITS;
import static org.pouw.chain.block.MinedHeaders.CHAIN;
import static org.pouw.chain.block.MinedHeaders.PARENT;
import static org.pouw.chain.block.MinedHeaders.PARENT_HEIGHT;
import static org.pouw.chain.block.MinedHeaders.TICKETS;
import static org.pouw.chain.block.MinedHeaders.bytes;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pouw.chain.mining.MiningProof;
import org.pouw.chain.state.Account;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.state.StateLayer;
import org.pouw.chain.state.StateRoot;
import org.pouw.chain.state.TestStates;
import org.pouw.chain.state.TransactionRules;
import org.pouw.chain.tx.BuyTickets;
import org.pouw.chain.tx.StakeRole;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

class BlockRulesTest {
    private static final Ed25519.KeyPair BOB = MinedHeaders.key(7);
    private static final Bytes32 ALICE_KEY = Bytes32.of(ALICE.publicKey());
    private static final Bytes32 CAROL = bytes("carol");
    private static final long HEIGHT = PARENT_HEIGHT + 1;
    private static final BlockParameters PARAMETERS = new BlockParameters(50, 1_000, 3);
    private static final MiningProof PROOF = MinedHeaders.mine(ALICE, PARENT, BITS, TICKETS).header().proof();

    private final BlockRules rules = new BlockRules(new TransactionRules(CHAIN, new ChainParameters(10, 20)),
            PARAMETERS);
    private StateLayer parent;

    @BeforeEach
    void stakedMinerAndAFundedSender() {
        parent = TestStates.funded(500, BOB);
        TestStates.stake(parent, ALICE, 1_000);
    }

    private static Transaction pay(long nonce, long fee, long amount) {
        return Transaction.sign(BOB, CHAIN, nonce, fee, new byte[0], new Transfer(CAROL, amount));
    }

    /** The block a miner would build: the header carries the roots of exactly this body and the state it leaves. */
    private Block build(List<Transaction> body) {
        BlockOutcome outcome = rules.execute(parent, ALICE_KEY, HEIGHT, body);
        assertThat(outcome.isValid()).as(outcome.detail()).isTrue();
        return new Block(header(Block.transactionsRoot(body), outcome.stateRoot()), MinedHeaders.OPENING, body);
    }

    private static BlockHeader header(Bytes32 txRoot, Bytes32 stateRoot) {
        return BlockHeader.sign(ALICE, CHAIN, HEIGHT, PARENT, 1_000, BITS, txRoot, stateRoot, bytes("task"), PROOF);
    }

    @Test
    void aValidBlockPaysItsMinerTheSubsidyAndTheFees() {
        Block block = build(List.of(pay(0, 3, 100), pay(1, 4, 100)));
        BlockOutcome outcome = rules.apply(parent, block);
        assertThat(outcome.isValid()).isTrue();
        assertThat(outcome.fees()).isEqualTo(7);
        assertThat(outcome.state().account(ALICE_KEY)).isEqualTo(new Account(57, 0));
        assertThat(outcome.state().account(CAROL).balance()).isEqualTo(200);
        assertThat(outcome.state().lastObligation(ALICE_KEY)).isEqualTo(HEIGHT);
        // the parent's state is untouched: a reorg just reads the parent again
        assertThat(parent.account(CAROL)).isEqualTo(Account.EMPTY);
        assertThat(Block.decode(block.encode())).isEqualTo(block);
    }

    @Test
    void aBodyThatIsNotTheHeadersIsRefused() {
        Block block = build(List.of(pay(0, 3, 100)));
        Block swapped = new Block(block.header(), MinedHeaders.OPENING, List.of(pay(0, 3, 99)));
        assertThat(rules.apply(parent, swapped).defect()).isEqualTo(BlockDefect.WRONG_TRANSACTIONS_ROOT);
    }

    @Test
    void aWrongStateRootIsRefused() {
        List<Transaction> body = List.of(pay(0, 3, 100));
        Block lying = new Block(header(Block.transactionsRoot(body), StateRoot.of(parent)), MinedHeaders.OPENING,
                body);
        assertThat(rules.apply(parent, lying).defect()).isEqualTo(BlockDefect.WRONG_STATE_ROOT);
    }

    /** A double spend inside one block: the second transaction reuses the nonce, the block is invalid. */
    @Test
    void aBlockWithARefusedTransactionIsInvalid() {
        List<Transaction> body = List.of(pay(0, 1, 400), pay(0, 1, 400));
        Block block = new Block(header(Block.transactionsRoot(body), StateRoot.of(parent)), MinedHeaders.OPENING,
                body);
        BlockOutcome outcome = rules.apply(parent, block);
        assertThat(outcome.defect()).isEqualTo(BlockDefect.TRANSACTION_REFUSED);
        assertThat(outcome.detail()).contains("transaction 1").contains("NONCE_USED");
    }

    @Test
    void aBlockMayNotCarryMoreThanTheLimit() {
        List<Transaction> body = List.of(pay(0, 0, 1), pay(1, 0, 1), pay(2, 0, 1), pay(3, 0, 1));
        assertThat(rules.execute(parent, ALICE_KEY, HEIGHT, body).defect())
                .isEqualTo(BlockDefect.TOO_MANY_TRANSACTIONS);
    }

    /** Stake bought at this height counts only after the activation delay: nobody mines on fresh stake. */
    @Test
    void aMinerWithoutActiveStakeCanNotSign() {
        StateLayer state = TestStates.funded(5_000, BOB);
        TransactionRules transactionRules = new TransactionRules(CHAIN, new ChainParameters(10, 20));
        Transaction buy = Transaction.sign(BOB, CHAIN, 0, 0, new byte[0], new BuyTickets(StakeRole.MINER, 2_000));
        assertThat(transactionRules.apply(state, buy, HEIGHT - 5).isApplied()).isTrue();
        Bytes32 bob = Bytes32.of(BOB.publicKey());
        assertThat(rules.execute(state, bob, HEIGHT, List.of()).defect()).isEqualTo(BlockDefect.MINER_NOT_STAKED);
        assertThat(rules.execute(state, bob, HEIGHT + 5, List.of()).isValid()).isTrue();
        assertThat(rules.execute(parent, CAROL, HEIGHT, List.of()).defect()).isEqualTo(BlockDefect.MINER_NOT_STAKED);
    }

    @Test
    void theStateRootIgnoresEmptyEntriesAndSeesEveryOther() {
        StateLayer a = TestStates.funded(5, BOB);
        StateLayer b = a.child();
        b.credit(CAROL, Account.EMPTY);
        assertThat(StateRoot.of(b)).isEqualTo(StateRoot.of(a));
        b.credit(CAROL, new Account(1, 0));
        assertThat(StateRoot.of(b)).isNotEqualTo(StateRoot.of(a));
    }
}
