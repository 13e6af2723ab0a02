package org.pouw.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 32 MiB cutoff of a {@code GET /v1/chain/blocks} page (docs/api.md "blocks"), at its real size: blocks are given
 * while their encodings add up to at most 32 MiB, the block that would pass it starts the next page (and is not even
 * read), and a first block larger than the whole budget is still given, alone.
 */
class BlockPageBytesTest {
    private static final int MIB = 1 << 20;

    /** Encodings of the given sizes (one shared array per size: the page only counts lengths), counting reads. */
    private static final class Encodings implements Iterator<byte[]> {
        private final List<byte[]> all = new ArrayList<>();
        private int read;

        Encodings(int... sizes) {
            for (int size : sizes) {
                all.add(new byte[size]);
            }
        }

        @Override
        public boolean hasNext() {
            return read < all.size();
        }

        @Override
        public byte[] next() {
            return all.get(read++);
        }
    }

    @Test
    void theBudgetIs32MiB() {
        assertThat(BlockPageBytes.MAX_PAGE_BYTES).isEqualTo(32L * MIB);
    }

    @Test
    void blocksAddingUpToExactly32MiBAreOnePage() {
        Encodings blocks = new Encodings(16 * MIB, 16 * MIB - 1, 1);
        assertThat(BlockPageBytes.take(blocks, BlockPageBytes.MAX_PAGE_BYTES)).hasSize(3);
    }

    @Test
    void theBlockThatWouldPass32MiBStartsTheNextPageUnread() {
        Encodings blocks = new Encodings(16 * MIB, 16 * MIB, 1, 5);
        List<byte[]> page = BlockPageBytes.take(blocks, BlockPageBytes.MAX_PAGE_BYTES);
        assertThat(page).extracting(bytes -> bytes.length).containsExactly(16 * MIB, 16 * MIB);
        assertThat(blocks.read).as("read up to the block that did not fit, none after").isEqualTo(3);
    }

    @Test
    void aFirstBlockLargerThanTheBudgetIsGivenAlone() {
        Encodings blocks = new Encodings(40 * MIB, 1);
        List<byte[]> page = BlockPageBytes.take(blocks, BlockPageBytes.MAX_PAGE_BYTES);
        assertThat(page).extracting(bytes -> bytes.length).containsExactly(40 * MIB);
    }

    @Test
    void smallBlocksAreAllGivenAndNoBlocksGiveAnEmptyPage() {
        assertThat(BlockPageBytes.take(new Encodings(100, 200, 300), BlockPageBytes.MAX_PAGE_BYTES)).hasSize(3);
        assertThat(BlockPageBytes.take(new Encodings(), BlockPageBytes.MAX_PAGE_BYTES)).isEmpty();
    }
}
