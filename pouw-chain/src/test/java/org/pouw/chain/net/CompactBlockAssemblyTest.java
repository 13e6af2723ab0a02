package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pouw.chain.block.Block;
import org.pouw.ml.wire.Bytes32;

/**
 * The compact blocks being rebuilt (docs/network.md §4, "Compact blocks"): bounded per peer and in all, held back
 * announcements released as a fallback when a rebuild can not finish — a sender that never answers, one that goes,
 * one whose answer does not match — and answers nobody waits for dropped at no cost.
 */
class CompactBlockAssemblyTest {
    private static final Bytes32 CHAIN = SyncFixtures.GENESIS.chainId();
    private static final PeerId SENDER = SyncFixtures.peer("sender");
    private static final PeerId OTHER = SyncFixtures.peer("other");

    private final CompactBlockAssembly assembly = new CompactBlockAssembly(CHAIN);

    /** A compact block of {@code block} whose receiver's pool lacks its first transaction. */
    private CompactBlockAssembly.Outcome offerMissingOne(PeerId from, Block block, long now) {
        CompactBlock compact = CompactBlock.of(block, CHAIN, now + 1, id -> false);
        Map<Bytes32, byte[]> pool = CompactBlockTest.poolOf(block.transactions().subList(1,
                block.transactions().size()));
        return assembly.offer(from, compact, pool, now);
    }

    private static Block distinctBlock(int size, int salt) {
        return CompactBlockTest.blockOf(size + salt);
    }

    @Test
    void aBlockShortOfATransactionAsksItsSenderAndCompletesOnTheAnswer() {
        Block block = distinctBlock(30, 0);
        Bytes32 hash = block.header().hash(CHAIN);
        CompactBlockAssembly.Outcome asked = offerMissingOne(SENDER, block, 0);
        assertThat(asked).isInstanceOf(CompactBlockAssembly.Outcome.Ask.class);
        assertThat(((CompactBlockAssembly.Outcome.Ask) asked).request().indexes()).containsExactly(0);
        assertThat(assembly.holdsBack(OTHER, hash)).as("its announcements wait for the rebuild").isTrue();

        CompactBlockAssembly.Outcome done = assembly.answered(SENDER, new BlockTxns(hash,
                List.of(block.transactions().getFirst())));

        assertThat(done).isInstanceOf(CompactBlockAssembly.Outcome.Complete.class);
        assertThat(((CompactBlockAssembly.Outcome.Complete) done).block().encode()).isEqualTo(block.encode());
        assertThat(assembly.pending()).isZero();
        assertThat(assembly.holdsBack(OTHER, hash)).isFalse();
    }

    @Test
    void aSenderThatNeverAnswersCostsOnlyTheExpiryThenTheBlockIsFetchedWholeFromItsAnnouncers() {
        Block block = distinctBlock(10, 1);
        Bytes32 hash = block.header().hash(CHAIN);
        offerMissingOne(SENDER, block, 0);
        assembly.holdsBack(OTHER, hash);

        assertThat(assembly.tick(CompactBlockAssembly.EXPIRY_TICKS)).isEmpty();
        List<CompactBlockAssembly.Outcome.Fallback> expired = assembly.tick(CompactBlockAssembly.EXPIRY_TICKS + 1);

        assertThat(expired).singleElement().satisfies(f -> {
            assertThat(f.hash()).isEqualTo(hash);
            assertThat(f.announcers()).containsExactly(SENDER, OTHER);
        });
        assertThat(assembly.answered(SENDER, new BlockTxns(hash, List.of(block.transactions().getFirst()))))
                .as("a late answer is dropped, no fault").isInstanceOf(CompactBlockAssembly.Outcome.Dropped.class);
    }

    @Test
    void transactionsThatDoNotMatchAreALieAndTheBlockIsAskedOfItsOtherAnnouncers() {
        Block block = distinctBlock(10, 2);
        Bytes32 hash = block.header().hash(CHAIN);
        offerMissingOne(SENDER, block, 0);
        assembly.holdsBack(OTHER, hash);

        CompactBlockAssembly.Outcome lie = assembly.answered(SENDER, new BlockTxns(hash,
                List.of(block.transactions().get(1))));

        assertThat(lie).isInstanceOfSatisfying(CompactBlockAssembly.Outcome.Lie.class, l -> {
            assertThat(l.from()).isEqualTo(SENDER);
            assertThat(l.others()).containsExactly(OTHER);
        });
    }

    @Test
    void anAnswerFromAPeerNotAskedIsDroppedAndLeavesTheRebuildAlone() {
        Block block = distinctBlock(10, 3);
        Bytes32 hash = block.header().hash(CHAIN);
        offerMissingOne(SENDER, block, 0);

        assertThat(assembly.answered(OTHER, new BlockTxns(hash, List.of(block.transactions().get(1)))))
                .isInstanceOf(CompactBlockAssembly.Outcome.Dropped.class);
        assertThat(assembly.answered(SENDER, new BlockTxns(hash, List.of(block.transactions().getFirst()))))
                .isInstanceOf(CompactBlockAssembly.Outcome.Complete.class);
    }

    @Test
    void pendingRebuildsAreBoundedPerPeerAndInAllAndOverflowFallsBackToTheWholeBlock() {
        for (int i = 0; i < CompactBlockAssembly.PER_PEER; i++) {
            assertThat(offerMissingOne(SENDER, distinctBlock(5, 10 + i), 0))
                    .isInstanceOf(CompactBlockAssembly.Outcome.Ask.class);
        }
        assertThat(offerMissingOne(SENDER, distinctBlock(5, 20), 0))
                .isInstanceOf(CompactBlockAssembly.Outcome.Fallback.class);
        for (int p = 0; assembly.pending() < CompactBlockAssembly.MAX_PENDING; p++) {
            offerMissingOne(SyncFixtures.peer("peer " + p), distinctBlock(5, 30 + p), 0);
        }
        assertThat(offerMissingOne(SyncFixtures.peer("one more"), distinctBlock(5, 60), 0))
                .isInstanceOf(CompactBlockAssembly.Outcome.Fallback.class);
        assertThat(assembly.pending()).isEqualTo(CompactBlockAssembly.MAX_PENDING);
        assertThat(assembly.heldBytes()).as("ids and prefilled transactions only: well under a frame each")
                .isLessThan(CompactBlockAssembly.MAX_PENDING * 240L * 1024);
    }

    @Test
    void aSenderThatGoesHasItsRebuildsFetchedWholeFromTheOthersThatAnnounced() {
        Block block = distinctBlock(10, 4);
        Bytes32 hash = block.header().hash(CHAIN);
        offerMissingOne(SENDER, block, 0);
        assembly.holdsBack(OTHER, hash);

        assertThat(assembly.forget(SENDER)).singleElement()
                .satisfies(f -> assertThat(f.announcers()).containsExactly(OTHER));
        assertThat(assembly.pending()).isZero();
    }

    @Test
    void aSecondCompactBlockOfTheSameHashIsDroppedAndItsSenderRemembered() {
        Block block = distinctBlock(10, 5);
        offerMissingOne(SENDER, block, 0);
        assertThat(offerMissingOne(OTHER, block, 0)).isInstanceOf(CompactBlockAssembly.Outcome.Dropped.class);
        assertThat(assembly.tick(100)).singleElement()
                .satisfies(f -> assertThat(f.announcers()).containsExactly(SENDER, OTHER));
    }
}
