package org.pouw.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pouw.chain.audit.AuditParameters;
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

    /** The audit constants are part of the chain id: a genesis with other ones is another chain. */
    @Test
    void otherAuditConstantsAreAnotherChainAndTheFileRefusesToDropThem() {
        AuditParameters shorter = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
        ChainGenesis audited = new ChainGenesis(DEMO.timestamp(), DEMO.bits(), DEMO.easiestBits(), DEMO.spacing(),
                DEMO.halfLife(), DEMO.futureLimit(), DEMO.reorgAlarmDepth(), DEMO.state(), DEMO.block(),
                DEMO.tickets(), DEMO.liveness(), DEMO.allocations(), DEMO.taskParameters(), DEMO.datasets(), shorter);
        assertThat(audited.chainId()).isNotEqualTo(DEMO.chainId());
        assertThatThrownBy(() -> GenesisFile.format(audited)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("audit:");
    }

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
        assertThat(DEMO.chainId().hex()).isEqualTo("c5d166701dc7764b855b6d8518f1a07bdf90d6b8f9a596a44d594386ed4721f7");
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
        String text = GenesisFile.format(DEMO).replace("classes = 4", "classes = 4\nlabels = 3");
        assertThatThrownBy(() -> GenesisFile.parse(text)).isInstanceOf(PouwException.class)
                .hasMessageContaining("dataset dataset-1.labels").hasMessageContaining("line");
    }

    @Test
    void aDatasetNamedTwiceIsRefused() {
        String text = GenesisFile.format(DEMO);
        String section = text.substring(text.indexOf("[dataset dataset-1]"));
        String twice = text + "\n" + section.replace("[dataset dataset-1]", "[dataset again]");
        assertThatThrownBy(() -> GenesisFile.parse(twice)).isInstanceOf(PouwException.class)
                .hasMessageContaining("named twice");
    }

    @Test
    void aSettingTwiceIsRefused() {
        String text = GenesisFile.format(DEMO).replace("subsidy = 50000", "subsidy = 50000\nsubsidy = 1");
        assertThatThrownBy(() -> GenesisFile.parse(text)).hasMessageContaining("subsidy").hasMessageContaining("twice");
    }

    @Test
    void badValuesAreRefusedByName() {
        String demo = GenesisFile.format(DEMO);
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("size = 256", "size = many")))
                .hasMessageContaining("dataset dataset-1.size").hasMessageContaining("whole number");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("features = 16", "features = 0")))
                .hasMessageContaining("dataset dataset-1.features");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("root = ", "root = 00")))
                .hasMessageContaining("dataset dataset-1.root");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("bits = 0x", "bits = 12")))
                .hasMessageContaining("bits");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("ticket_price = 1/1000", "ticket_price = 1:1000")))
                .hasMessageContaining("ticket_price").hasMessageContaining("NUMERATOR/DENOMINATOR");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("epoch_length = 60", "epoch_length = 0")))
                .hasMessageContaining("epoch_length");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("sgd_learning_rate = ", "sgd_learning_rate = 1 ")))
                .hasMessageContaining("sgd_learning_rate").hasMessageContaining("MIN MAX");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("rank_weights = 40", "rank_weights = forty")))
                .hasMessageContaining("rank_weights");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("rank_weights = 40 20", "rank_weights = 20 40")))
                .hasMessageContaining("rank weights");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("[account 1111", "[account 11")))
                .hasMessageContaining("account 11");
        assertThatThrownBy(() -> GenesisFile.parse(demo.replace("format = pouw-genesis-v2", "format = 2")))
                .hasMessageContaining("format");
        assertThatThrownBy(() -> GenesisFile.parse(demo + "\nthis is not a setting\n"))
                .hasMessageContaining("line");
    }
}
