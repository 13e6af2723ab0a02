package org.pouw.chain.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/** Blocks larger than one frame, split and put back together (docs/network.md §4): the parser and the bounds. */
class BlockPartProperties {
    @Property(tries = 500)
    void anyBytesAreAPartOrRefusedAsEncoding(@ForAll @Size(max = 300) byte[] bytes) {
        try {
            BlockPart part = BlockPart.decode(bytes);
            assertThat(part.encode()).isEqualTo(bytes);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 200)
    void aValidPartWithAnyByteFlippedIsRefusedOrAnotherPart(@ForAll @IntRange(min = 1, max = 600_000) int total,
                                                            @ForAll long seed, @ForAll @IntRange(min = 1, max = 255) int flip) {
        Random random = new Random(seed);
        byte[] block = new byte[total];
        random.nextBytes(block);
        List<BlockPart> parts = BlockPart.split(hash(random), block);
        BlockPart part = parts.get(random.nextInt(parts.size()));
        byte[] bytes = part.encode();
        // the header fields are where a flip can change the framing: flip within the first 60 bytes mostly
        int at = random.nextInt(4) == 0 ? random.nextInt(bytes.length) : random.nextInt(Math.min(60, bytes.length));
        bytes[at] ^= (byte) flip;
        try {
            assertThat(BlockPart.decode(bytes)).isNotEqualTo(part);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Property(tries = 60)
    void partsInAnyOrderAndRepeatedMakeTheBlockOnce(@ForAll @IntRange(min = 1, max = BlockPart.MAX_BLOCK_BYTES) int total,
                                                    @ForAll long seed) {
        Random random = new Random(seed);
        byte[] block = new byte[total];
        random.nextBytes(block);
        Bytes32 hash = hash(random);
        List<BlockPart> parts = new ArrayList<>(BlockPart.split(hash, block));
        assertThat(parts).hasSize(BlockPart.parts(total));
        parts.add(parts.get(random.nextInt(parts.size())));     // a repeat of a part, same bytes: harmless
        Collections.shuffle(parts, random);
        BlockPartAssembly assembly = new BlockPartAssembly();
        List<byte[]> completed = new ArrayList<>();
        for (BlockPart part : parts) {
            assertThat(part.encode().length).isLessThanOrEqualTo(BlockPart.PART_BYTES + 64);
            BlockPartAssembly.Outcome outcome = assembly.offer(new PeerId("pusher"), BlockPart.decode(part.encode()), 0);
            assertThat(outcome).isNotInstanceOfAny(BlockPartAssembly.Outcome.Lie.class,
                    BlockPartAssembly.Outcome.Dropped.class);
            if (outcome instanceof BlockPartAssembly.Outcome.Complete complete) {
                assertThat(complete.hash()).isEqualTo(hash);
                completed.add(complete.encoded());
            }
        }
        assertThat(completed).hasSize(1);
        assertThat(completed.getFirst()).isEqualTo(block);
        assertThat(assembly.held()).isZero();
        assertThat(assembly.inAssembly()).isZero();
    }

    /** Any stream of parts from a few peers, honest or not: the bounds hold at every step. */
    @Property(tries = 100)
    void whateverPeersSendTheAssemblyStaysWithinItsBounds(@ForAll long seed) {
        Random random = new Random(seed);
        BlockPartAssembly assembly = new BlockPartAssembly();
        List<Bytes32> hashes = List.of(hash(random), hash(random), hash(random), hash(random));
        for (int step = 0; step < 120; step++) {
            PeerId peer = new PeerId("p" + random.nextInt(3));
            int total = random.nextBoolean() ? BlockPart.MAX_BLOCK_BYTES : 1 + random.nextInt(BlockPart.MAX_BLOCK_BYTES);
            int index = random.nextInt(BlockPart.parts(total));
            byte[] data = new byte[BlockPart.length(total, index)];
            random.nextBytes(data);
            BlockPartAssembly.Outcome outcome = assembly.offer(peer,
                    new BlockPart(hashes.get(random.nextInt(hashes.size())), total, index, data), step / 10);
            if (outcome instanceof BlockPartAssembly.Outcome.Complete complete) {
                assertThat(complete.encoded()).hasSize(total);
            }
            assertThat(assembly.held()).isBetween(0L, BlockPartAssembly.MAX_HELD_BYTES);
            assertThat(assembly.inAssembly()).isLessThanOrEqualTo(3 * BlockPartAssembly.PER_PEER);
            assembly.tick(step / 10);
        }
    }

    private static Bytes32 hash(Random random) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Bytes32.of(bytes);
    }
}
