package org.pouw.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.chain.state.Stake;
import org.pouw.core.PouwException;
import org.pouw.ml.wire.Bytes32;

/**
 * The genesis file (docs/chain.md §7, §9): it reads back what it writes, its chain id is pinned, and every mistake
 * is refused with the setting's name and line.
 */
class GenesisFileTest {
    private static final Bytes32 MINER = Bytes32.fromHex("11".repeat(32));
    private static final ChainGenesis DEMO = DemoGenesis.forMiner(MINER, 1_767_225_600);

    @Test
    void aFormattedGenesisParsesBackToTheSameChain() {
        String text = GenesisFile.format(DEMO);
        ChainGenesis parsed = GenesisFile.parse(text);
        assertThat(parsed).isEqualTo(DEMO);
        assertThat(parsed.chainId()).isEqualTo(DEMO.chainId());
        assertThat(GenesisFile.format(parsed)).isEqualTo(text);
    }

    /** The chain id of the demo genesis for miner 0x11…11 at 2026-01-01: pinned, so the encoding can not drift. */
    @Test
    void theDemoChainIdIsPinned() {
        assertThat(DEMO.chainId().hex()).isEqualTo("5ff9b379e08c6411bcfc7f5f99a5ee64c86ab51ee871d6de4e705f5b44c44b8e");
    }

    @Test
    void commentsOrderAndSpacingDoNotChangeTheChainId() {
        String text = GenesisFile.format(DEMO).replace("subsidy = 50000", "   subsidy   =  50_000   # per block");
        assertThat(GenesisFile.parse("# first\n" + text).chainId()).isEqualTo(DEMO.chainId());
    }

    @Test
    void genesisStakeIsActiveFromHeightZero() {
        Stake stake = DEMO.initialState().stake(MINER);
        assertThat(stake.activeAt(0)).isEqualTo(100_000);
        assertThat(DEMO.initialState().account(MINER).balance()).isEqualTo(1_000_000);
    }

    @Test
    void aMissingSettingIsNamed() {
        String text = GenesisFile.format(DEMO).replace("half_life_s = 3600\n", "");
        assertThatThrownBy(() -> GenesisFile.parse(text)).isInstanceOf(PouwException.class)
                .hasMessageContaining("half_life_s").hasMessageContaining("missing");
    }

    @Test
    void anUnknownSettingIsNamedWithItsLine() {
        String text = GenesisFile.format(DEMO).replace("fee = 0", "fee = 0\nfees = 3");
        assertThatThrownBy(() -> GenesisFile.parse(text)).isInstanceOf(PouwException.class)
                .hasMessageContaining("task task-1.fees").hasMessageContaining("line");
    }

    @Test
    void aSettingTwiceIsRefused() {
        String text = GenesisFile.format(DEMO).replace("subsidy = 50000", "subsidy = 50000\nsubsidy = 1");
        assertThatThrownBy(() -> GenesisFile.parse(text)).hasMessageContaining("subsidy").hasMessageContaining("twice");
    }

    @Test
    void badValuesAreRefusedByName() {
        String demo = GenesisFile.format(DEMO);
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("batch_size = 16", "batch_size = sixteen")))
                .hasMessageContaining("task task-1.batch_size").hasMessageContaining("whole number");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("optimizer = sgd", "optimizer = rmsprop")))
                .hasMessageContaining("task task-1.optimizer");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("architecture = mlp:16-32-16-4", "architecture = mlp")))
                .hasMessageContaining("task task-1.architecture");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("bits = 0x", "bits = 12")))
                .hasMessageContaining("bits");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("dataset_size = 256", "dataset_size = 8")))
                .hasMessageContaining("dataset_size");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("[account 1111", "[account 11")))
                .hasMessageContaining("account 11");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("format = pouw-genesis-v1", "format = 2")))
                .hasMessageContaining("format");
        assertThatThrownBy(() -> GenesisFile.parse(demo + "\nthis is not a setting\n"))
                .hasMessageContaining("line");
    }
}
