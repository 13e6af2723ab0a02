package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.chain.block.BlockHeader;
import org.pouw.chain.tx.Transaction;
import org.pouw.chain.tx.Transfer;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/**
 * Compact blocks (docs/network.md §4, "Compact blocks"): the short ids, the encodings, and a rebuild from a pool —
 * whole, short of some transactions, and each way it can fail: a crafted short-id collision, transactions that do not
 * match, a server that sends none, a pool transaction standing in for another.
 */
class CompactBlockTest {
    private static final Bytes32 CHAIN = SyncFixtures.GENESIS.chainId();

    /** A block of {@code count} transfers (80 bytes of data each), its header carrying their root; never imported. */
    static Block blockOf(int count) {
        List<Transaction> txs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            txs.add(Transaction.sign(SyncFixtures.key(10 + i % 7), CHAIN, i, 1, new byte[Transaction.MAX_DATA],
                    new Transfer(SyncFixtures.bytes("to " + i), 1)));
        }
        Block shell = SyncFixtures.fakeBlock(SyncFixtures.GENESIS, SyncFixtures.ALICE, CHAIN, 1,
                SyncFixtures.GENESIS.timestamp() + 60, CHAIN);
        BlockHeader h = shell.header();
        BlockHeader header = BlockHeader.sign(SyncFixtures.ALICE, CHAIN, h.height(), h.parent(), h.timestamp(),
                h.bits(), Block.transactionsRoot(txs), h.stateRoot(), h.taskId(), h.proof());
        return new Block(header, shell.opening(), txs);
    }

    static Map<Bytes32, byte[]> poolOf(List<Transaction> txs) {
        Map<Bytes32, byte[]> pool = new HashMap<>();
        txs.forEach(tx -> pool.put(tx.id(CHAIN), tx.encode()));
        return pool;
    }

    @Test
    void sipHashMatchesTheReferenceVectors() {
        long k0 = 0x0706050403020100L;
        long k1 = 0x0f0e0d0c0b0a0908L;
        assertThat(SipHash24.hash(k0, k1, new byte[0])).isEqualTo(0x726fdb47dd0e0e31L);
        byte[] fifteen = new byte[15];
        for (int i = 0; i < 15; i++) {
            fifteen[i] = (byte) i;
        }
        assertThat(SipHash24.hash(k0, k1, fifteen)).isEqualTo(0xa129ca6149be45e5L);
    }

    @Test
    void shortIdsAreSaltedByTheBlockAndTheNonce() {
        Bytes32 tx = SyncFixtures.bytes("a transaction");
        long one = ShortTxIds.of(SyncFixtures.bytes("block"), 1).of(tx);
        assertThat(one).isBetween(0L, (1L << 48) - 1);
        assertThat(ShortTxIds.of(SyncFixtures.bytes("block"), 2).of(tx)).isNotEqualTo(one);
        assertThat(ShortTxIds.of(SyncFixtures.bytes("another block"), 1).of(tx)).isNotEqualTo(one);
        assertThat(ShortTxIds.of(SyncFixtures.bytes("block"), 1).of(tx)).isEqualTo(one);
    }

    @Test
    void encodingsRoundTripAndAnyCutOrTrailingByteIsRefused() {
        Block block = blockOf(40);
        CompactBlock compact = CompactBlock.of(block, CHAIN, 77, id -> id.equals(block.transactions().get(3)
                .id(CHAIN)));
        byte[] encoded = compact.encode();
        CompactBlock back = CompactBlock.decode(encoded);
        assertThat(back.encode()).isEqualTo(encoded);
        assertThat(back.prefilled()).hasSize(1);
        assertThat(back.prefilled().getFirst().index()).isEqualTo(3);
        assertThat(back.shortIds()).hasSize(39);
        for (int cut : new int[] {0, 5, encoded.length / 2, encoded.length - 1}) {
            assertThatThrownBy(() -> CompactBlock.decode(Arrays.copyOf(encoded, cut)))
                    .isInstanceOf(EncodingException.class);
        }
        assertThatThrownBy(() -> CompactBlock.decode(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(EncodingException.class);
        Random random = new Random(5);
        for (int i = 0; i < 300; i++) {
            byte[] flipped = encoded.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            try {
                assertThat(CompactBlock.decode(flipped).encode()).as("what decodes is canonical").isEqualTo(flipped);
            } catch (EncodingException refused) {
                // refused, naming the field
            }
        }

        BlockTxnRequest request = new BlockTxnRequest(SyncFixtures.bytes("b"), new int[] {0, 4, 9});
        assertThat(BlockTxnRequest.decode(request.encode())).isEqualTo(request);
        byte[] descending = new BlockTxnRequest(SyncFixtures.bytes("b"), new int[] {0, 4, 9}).encode();
        descending[descending.length - 1] = 3;     // the last index 3, after 4
        assertThatThrownBy(() -> BlockTxnRequest.decode(descending)).isInstanceOf(EncodingException.class);
        BlockTxns answer = new BlockTxns(SyncFixtures.bytes("b"), block.transactions().subList(0, 2));
        assertThat(BlockTxns.decode(answer.encode()).transactions()).isEqualTo(answer.transactions());
    }

    @Test
    void aBlockWhoseTransactionsThePoolHoldsIsRebuiltWithoutAskingAnything() {
        Block block = blockOf(300);
        CompactBlock compact = CompactBlock.decode(CompactBlock.of(block, CHAIN, 9, id -> false).encode());
        Map<Bytes32, byte[]> pool = poolOf(block.transactions());
        pool.putAll(poolOf(blockOf(50).transactions().subList(0, 50)));     // others the block does not hold

        PartialBlock.Step step = PartialBlock.of(compact, CHAIN).fill(pool);

        assertThat(step).isInstanceOf(PartialBlock.Step.Complete.class);
        assertThat(((PartialBlock.Step.Complete) step).block().encode()).isEqualTo(block.encode());
        assertThat(compact.encode().length).as("6 bytes a transaction instead of ~250")
                .isLessThan(block.encode().length / 10);
    }

    @Test
    void missingTransactionsAreAskedForAndCheckedAgainstTheirShortIds() {
        Block block = blockOf(100);
        CompactBlock compact = CompactBlock.of(block, CHAIN, 11, id -> false);
        Map<Bytes32, byte[]> pool = poolOf(block.transactions());
        List<Transaction> notHeld = List.of(block.transactions().get(7), block.transactions().get(50));
        notHeld.forEach(tx -> pool.remove(tx.id(CHAIN)));

        PartialBlock partial = PartialBlock.of(compact, CHAIN);
        PartialBlock.Step step = partial.fill(pool);
        assertThat(step).isInstanceOf(PartialBlock.Step.Missing.class);
        assertThat(((PartialBlock.Step.Missing) step).request().indexes()).containsExactly(7, 50);

        PartialBlock.Step done = partial.receive(new BlockTxns(compact.hash(CHAIN), notHeld));
        assertThat(((PartialBlock.Step.Complete) done).block().encode()).isEqualTo(block.encode());
    }

    @Test
    void transactionsThatDoNotMatchTheirShortIdsAreALieAndNoneSentIsAFallback() {
        Block block = blockOf(20);
        CompactBlock compact = CompactBlock.of(block, CHAIN, 13, id -> false);
        Map<Bytes32, byte[]> pool = poolOf(block.transactions().subList(1, 20));
        Transaction other = blockOf(21).transactions().get(20);

        PartialBlock swapped = PartialBlock.of(compact, CHAIN);
        swapped.fill(pool);
        assertThat(swapped.receive(new BlockTxns(compact.hash(CHAIN), List.of(other))))
                .isInstanceOf(PartialBlock.Step.Lie.class);
        PartialBlock tooMany = PartialBlock.of(compact, CHAIN);
        tooMany.fill(pool);
        assertThat(tooMany.receive(new BlockTxns(compact.hash(CHAIN), block.transactions().subList(0, 2))))
                .isInstanceOf(PartialBlock.Step.Lie.class);
        PartialBlock none = PartialBlock.of(compact, CHAIN);
        none.fill(pool);
        assertThat(none.receive(new BlockTxns(compact.hash(CHAIN), List.of())))
                .isInstanceOf(PartialBlock.Step.Fallback.class);
    }

    @Test
    void aCraftedShortIdCollisionInsideTheBlockFallsBackToTheWholeBlock() {
        Block block = blockOf(10);
        CompactBlock honest = CompactBlock.of(block, CHAIN, 3, id -> false);
        long[] ids = honest.shortIds();
        ids[4] = ids[2];        // a sender that knows its own key can make two alike; the receiver can not choose
        CompactBlock crafted = new CompactBlock(3, block.header(), block.opening(), 10, List.of(), ids);

        assertThat(PartialBlock.of(crafted, CHAIN).fill(poolOf(block.transactions())))
                .isInstanceOf(PartialBlock.Step.Fallback.class);
    }

    @Test
    void aPoolTransactionStandingInForABlockTransactionNeverMakesAWrongBlock() {
        // a short-id collision with a transaction of the pool: the pool's entry under a block transaction's short id
        // is another transaction; the rebuilt root does not match the header's, and the block is fetched whole
        Block block = blockOf(10);
        CompactBlock compact = CompactBlock.of(block, CHAIN, 5, id -> false);
        Map<Bytes32, byte[]> pool = poolOf(block.transactions());
        pool.put(block.transactions().get(6).id(CHAIN), blockOf(12).transactions().get(11).encode());

        PartialBlock.Step step = PartialBlock.of(compact, CHAIN).fill(pool);

        assertThat(step).isInstanceOf(PartialBlock.Step.Fallback.class);
        assertThat(((PartialBlock.Step.Fallback) step).why()).contains("root");
    }

    @Test
    void aCompactBlockLargerThanItsCountAllowsIsRefusedBeforeAllocating() {
        byte[] encoded = CompactBlock.of(blockOf(3), CHAIN, 1, id -> false).encode();
        // the short ids' bytes must be exactly (count − prefilled) × 6: one short id cut is refused
        assertThatThrownBy(() -> CompactBlock.decode(Arrays.copyOf(encoded, encoded.length - ShortTxIds.BYTES)))
                .isInstanceOf(EncodingException.class).hasMessageContaining("short ids");
    }
}
