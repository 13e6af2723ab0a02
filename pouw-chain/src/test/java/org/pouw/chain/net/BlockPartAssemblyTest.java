package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.ml.wire.Bytes32;

/** The assembly's refusals, each built as a peer would send it. */
class BlockPartAssemblyTest {
    private static final PeerId PUSHER = new PeerId("pusher");
    private static final int TOTAL = 3 * BlockPart.PART_BYTES + 17;

    private static List<BlockPart> block(int fill, int total) {
        byte[] encoded = new byte[total];
        java.util.Arrays.fill(encoded, (byte) fill);
        return BlockPart.split(Bytes32.fromHex(String.format("%02x", fill).repeat(32)), encoded);
    }

    @Test
    void otherBytesAtAnIndexAlreadyHeldAreALie() {
        BlockPartAssembly assembly = new BlockPartAssembly();
        List<BlockPart> honest = block(1, TOTAL);
        assertThat(assembly.offer(PUSHER, honest.get(0), 0)).isInstanceOf(BlockPartAssembly.Outcome.Incomplete.class);
        byte[] other = honest.get(0).data();
        other[5] ^= 1;
        BlockPart forged = new BlockPart(honest.get(0).hash(), TOTAL, 0, other);
        assertThat(assembly.offer(PUSHER, forged, 0)).isInstanceOf(BlockPartAssembly.Outcome.Lie.class);
        assertThat(assembly.held()).as("the assembly is dropped").isZero();
    }

    @Test
    void anotherTotalForTheSameBlockIsALie() {
        BlockPartAssembly assembly = new BlockPartAssembly();
        List<BlockPart> honest = block(2, TOTAL);
        assembly.offer(PUSHER, honest.get(0), 0);
        BlockPart longer = block(2, TOTAL + 1).get(1);
        assertThat(assembly.offer(PUSHER, longer, 0)).isInstanceOf(BlockPartAssembly.Outcome.Lie.class);
    }

    @Test
    void aThirdBlockFromOnePeerIsDroppedAndAnotherPeerIsNotHeldUp() {
        BlockPartAssembly assembly = new BlockPartAssembly();
        assembly.offer(PUSHER, block(3, TOTAL).get(0), 0);
        assembly.offer(PUSHER, block(4, TOTAL).get(0), 0);
        assertThat(assembly.offer(PUSHER, block(5, TOTAL).get(0), 0))
                .isInstanceOf(BlockPartAssembly.Outcome.Dropped.class);
        List<BlockPart> fromOther = block(5, TOTAL);
        BlockPartAssembly.Outcome last = null;
        for (BlockPart part : fromOther) {
            last = assembly.offer(new PeerId("other"), part, 0);
        }
        assertThat(last).isInstanceOf(BlockPartAssembly.Outcome.Complete.class);
    }

    @Test
    void heldBytesAreBoundedOverAllPeersAndExpireWithTheirBlocks() {
        BlockPartAssembly assembly = new BlockPartAssembly();
        int peers = 0;
        BlockPartAssembly.Outcome outcome;
        do {
            // every peer sends all parts but the last of two of the largest blocks, and never the rest
            PeerId peer = new PeerId("p" + peers++);
            outcome = null;
            for (int fill = 0; fill < 2 && !(outcome instanceof BlockPartAssembly.Outcome.Dropped); fill++) {
                List<BlockPart> parts = block(10 + fill + 2 * peers, BlockPart.MAX_BLOCK_BYTES);
                for (BlockPart part : parts.subList(0, parts.size() - 1)) {
                    outcome = assembly.offer(peer, part, 0);
                    if (outcome instanceof BlockPartAssembly.Outcome.Dropped) {
                        break;
                    }
                }
            }
        } while (!(outcome instanceof BlockPartAssembly.Outcome.Dropped) && peers < 50);
        assertThat(outcome).isInstanceOf(BlockPartAssembly.Outcome.Dropped.class);
        assertThat(assembly.held()).isLessThanOrEqualTo(BlockPartAssembly.MAX_HELD_BYTES);

        assembly.tick(BlockPartAssembly.EXPIRY_TICKS + 1);
        assertThat(assembly.held()).isZero();
        assertThat(assembly.inAssembly()).isZero();
    }

    @Test
    void partsThatDoNotFitTheirBlockAreRefusedWhenMade() {
        Bytes32 hash = Bytes32.fromHex("07".repeat(32));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BlockPart(hash, BlockPart.MAX_BLOCK_BYTES + 1, 0,
                new byte[BlockPart.PART_BYTES])).hasMessageContaining("total");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BlockPart(hash, TOTAL, 4, new byte[17]))
                .hasMessageContaining("index");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new BlockPart(hash, TOTAL, 3, new byte[18]))
                .hasMessageContaining("17 bytes");
    }
}
