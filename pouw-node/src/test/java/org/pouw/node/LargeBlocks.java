package org.pouw.node;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.genesis.ChainGenesis;
import org.pouw.chain.genesis.DemoGenesis;
import org.pouw.chain.genesis.GenesisAccount;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;

/**
 * Valid blocks larger than one link frame (240 KiB), for the relay tests: the {@link HttpChainFixture}'s chain with
 * {@value #SENDERS} more funded senders and room for {@value #MAX_TRANSACTIONS} transactions a block, and transfers
 * that carry the most data a transaction may (80 bytes, 242 bytes encoded). 1,100 of them, 25 from each sender (under
 * the mempool's 64 a sender), make a block of about 275 KB that the real import takes; the fixture's miner trains
 * its winning step as for any block.
 */
final class LargeBlocks {
    static final int SENDERS = 44;
    static final int MAX_TRANSACTIONS = 2_000;
    /** Transfers in a block over one frame: 25 from each sender. */
    static final int TRANSFERS = 1_100;

    private LargeBlocks() {
    }

    static Ed25519.KeyPair sender(int i) {
        return HttpChainFixture.key(100 + i);
    }

    static ChainGenesis genesis() {
        ChainGenesis small = HttpChainFixture.genesis();
        List<GenesisAccount> accounts = new ArrayList<>(small.allocations());
        for (int i = 0; i < SENDERS; i++) {
            accounts.add(new GenesisAccount(Bytes32.of(sender(i).publicKey()), 1_000_000, 0));
        }
        return new ChainGenesis(HttpChainFixture.T0, CompactTarget.encode(BigInteger.ONE.shiftLeft(250)),
                CompactTarget.encode(BigInteger.ONE.shiftLeft(255)), 60, 3_600, 90, 100,
                new ChainParameters(10, 100), new BlockParameters(50_000, 100_000, MAX_TRANSACTIONS),
                new TicketRule(1_000, 10_000), LivenessRule.DEFAULT, accounts, TaskParameters.DEFAULTS,
                List.of(DemoGenesis.dataset()));
    }

    /** {@code count} transfers, sender by sender in turn, each sender's nonces from 0 and in order. */
    static List<Transaction> transfers(ChainGenesis genesis, int count) {
        List<Transaction> txs = new ArrayList<>(count);
        Bytes32 sink = Bytes32.of(HttpChainFixture.BOB.publicKey());
        for (int i = 0; i < count; i++) {
            byte[] data = new byte[Transaction.MAX_DATA];
            data[0] = (byte) i;
            txs.add(Transaction.sign(sender(i % SENDERS), genesis.chainId(), i / SENDERS, 1, data,
                    new Transfer(sink, 1)));
        }
        return txs;
    }
}
