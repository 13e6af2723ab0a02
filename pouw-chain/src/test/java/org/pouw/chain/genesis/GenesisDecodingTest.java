package org.pouw.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.pouw.chain.audit.AuditParameters;
import org.pouw.chain.block.BlockParameters;
import org.pouw.chain.difficulty.CompactTarget;
import org.pouw.chain.mining.LivenessRule;
import org.pouw.chain.mining.TicketRule;
import org.pouw.chain.state.ChainParameters;
import org.pouw.chain.task.TaskParameters;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.EncodingException;

/** The genesis a miner downloads reads back to the same chain, and nothing else reads as a genesis. */
class GenesisDecodingTest {
    private static final ChainGenesis DEMO = DemoGenesis.forMiner(Bytes32.fromHex("11".repeat(32)), 1_767_225_600);
    /** Two allocations, short audit constants: every list and every field differs from the demo's. */
    private static final ChainGenesis OTHER = new ChainGenesis(1_767_225_700,
            CompactTarget.encode(BigInteger.ONE.shiftLeft(249)), CompactTarget.encode(BigInteger.ONE.shiftLeft(255)),
            5, 600, 10, 50, new ChainParameters(2, 30), new BlockParameters(1_000, 500, 64),
            new TicketRule(500, 5_000), new LivenessRule(0.2, 0.15, 0.02),
            List.of(new GenesisAccount(Bytes32.fromHex("22".repeat(32)), 10, 500),
                    new GenesisAccount(Bytes32.fromHex("01".repeat(32)), 99, 0)),
            new TaskParameters(3, 7, new TaskParameters.Range(1e-3, 0.5), new TaskParameters.Range(1e-4, 0.01), 64,
                    10, 1L << 22, 1L << 20, 77_777, 4, 500, 4, 5, 0, List.of(3L, 1L)),
            List.of(DemoGenesis.dataset()), new AuditParameters(2, 6, 2, 2, 14, 4, 1 << 20, 10, 5));

    @Test
    void aGenesisReadsBackToTheSameChain() {
        for (ChainGenesis genesis : List.of(DEMO, OTHER)) {
            ChainGenesis read = GenesisDecoding.decode(genesis.encode());
            assertThat(read).isEqualTo(genesis);
            assertThat(read.chainId()).isEqualTo(genesis.chainId());
        }
    }

    @Test
    void trailingBytesAndAnotherVersionAreRefused() {
        byte[] encoded = OTHER.encode();
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        assertThatThrownBy(() -> GenesisDecoding.decode(longer)).isInstanceOf(EncodingException.class);
        byte[] version = encoded.clone();
        version[4] = 2;
        assertThatThrownBy(() -> GenesisDecoding.decode(version)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("tag");
    }

    /** The allocations swapped: a valid genesis in another order is not its canonical encoding. */
    @Test
    void allocationsOutOfOrderAreRefused() {
        byte[] encoded = OTHER.encode();
        int first = 4 + 1 + 8 + 4 + 4 + 8 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + 8 * 3 + 4;
        byte[] swapped = encoded.clone();
        System.arraycopy(encoded, first, swapped, first + 48, 48);
        System.arraycopy(encoded, first + 48, swapped, first, 48);
        assertThatThrownBy(() -> GenesisDecoding.decode(swapped)).isInstanceOf(EncodingException.class)
                .hasMessageContaining("canonical");
    }

    @Property(tries = 500)
    void aTruncatedGenesisIsAnEncodingError(@ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] encoded = OTHER.encode();
        byte[] truncated = Arrays.copyOf(encoded, cut % encoded.length);
        assertThatThrownBy(() -> GenesisDecoding.decode(truncated)).isInstanceOf(EncodingException.class);
    }

    /** Any byte changed: either an encoding error or another valid genesis — with another chain id. */
    @Property(tries = 1_000)
    void aChangedByteIsRefusedOrAnotherChain(@ForAll @IntRange(min = 0, max = 100_000) int at,
                                             @ForAll @IntRange(min = 1, max = 255) int flip) {
        byte[] changed = DEMO.encode();
        changed[at % changed.length] ^= (byte) flip;
        try {
            ChainGenesis read = GenesisDecoding.decode(changed);
            assertThat(read.chainId()).isNotEqualTo(DEMO.chainId());
            assertThat(read.encode()).isEqualTo(changed);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
