package org.pouw.chain.genesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * The audit constants are part of the chain id: a genesis with other ones is another chain, and the file writes
     * them in its [audit] section. These short test constants break the couplings (maturity 14 over an alarm depth of
     * 100), so the file refuses them by name.
     */
    @Test
    void otherAuditConstantsAreAnotherChainAndTheFileKeepsThem() {
        AuditParameters shorter = new AuditParameters(2, 6, 2, 2, 14, 4, 8 << 20, 300, 10);
        ChainGenesis audited = withAudit(shorter);
        assertThat(audited.chainId()).isNotEqualTo(DEMO.chainId());
        String text = GenesisFile.format(audited);
        assertThat(text).contains("[audit]").contains("maturity = 14").contains("couplings = relaxed\n");
        assertThat(GenesisFile.parse(text).chainId()).isEqualTo(audited.chainId());
        String checked = text.replace("couplings = relaxed\n", "");
        assertThatThrownBy(() -> GenesisFile.parse(checked)).isInstanceOf(PouwException.class)
                .hasMessageContaining("audit.opening_window");
        assertThatThrownBy(() -> GenesisFile.parse(text.replace("couplings = relaxed", "couplings = checked")))
                .isInstanceOf(PouwException.class).hasMessageContaining("audit.opening_window");
        AuditParameters longer = new AuditParameters(10, 300, 6, 5, 500, 200, 4 << 20, 7_000, 20);
        ChainGenesis other = withAudit(longer);
        ChainGenesis parsed = GenesisFile.parse(GenesisFile.format(other));
        assertThat(parsed.audit()).isEqualTo(longer);
        assertThat(parsed.chainId()).isEqualTo(other.chainId()).isNotEqualTo(DEMO.chainId());
    }

    /** A file without an [audit] section is the default audit constants, the same chain as one that spells them. */
    @Test
    void anAbsentAuditSectionIsTheDefaults() {
        String text = GenesisFile.format(DEMO);
        String without = text.substring(0, text.indexOf("\n[audit]")) + text.substring(text.indexOf("\n[account"));
        assertThat(without).doesNotContain("[audit]").doesNotContain("maturity");
        ChainGenesis parsed = GenesisFile.parse(without);
        assertThat(parsed.audit()).isEqualTo(AuditParameters.DEFAULTS);
        assertThat(parsed.chainId()).isEqualTo(DEMO.chainId());
    }

    /** Each audit setting out of its range, or breaking a coupling of docs/chain.md §6, is refused by name and line. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "challenge_delay = 6       | challenge_delay = 0        | audit.challenge_delay",
        "opening_window = 240      | opening_window = -1        | audit.opening_window",
        "opening_window = 240      | opening_window = 19        | audit.opening_window",
        "opening_window = 240      | opening_window = 100       | audit.opening_window",
        "windows = 8               | windows = 0                | audit.windows",
        "windows = 8               | windows = 63               | audit.windows",
        "width = 4                 | width = 0                  | audit.width",
        "width = 4                 | width = 40                 | audit.width",
        "maturity = 360            | maturity = 246             | audit.maturity",
        "maturity = 360            | maturity = 346             | audit.maturity",
        "tip_window = 240          | tip_window = -5            | audit.tip_window",
        "audit_bytes = 8388608     | audit_bytes = 8388609      | audit.audit_bytes",
        "audit_bytes = 8388608     | audit_bytes = 0            | audit.audit_bytes",
        "late_bounty = 5000        | late_bounty = -1           | audit.late_bounty",
        "evidence_bounty_share = 10 | evidence_bounty_share = 0 | audit.evidence_bounty_share",
        "maturity = 360            | maturity = 600             | unbonding_delay",
        "unbonding_delay = 2000    | unbonding_delay = 1800     | unbonding_delay",
        "activation_delay = 200    | activation_delay = 100     | activation_delay",
        "future_limit_s = 90       | future_limit_s = 113       | future_limit_s",
        "spacing_s = 60            | spacing_s = 20             | future_limit_s",
    })
    void badAuditValuesAndBrokenCouplingsAreRefusedByName(String good, String bad, String field) {
        String text = GenesisFile.format(DEMO);
        assertThat(text).contains(good + "\n");
        int line = (int) text.substring(0, text.indexOf(good + "\n")).lines().count() + 1;
        String named = field.substring(field.indexOf('.') + 1);
        String where = bad.startsWith(named + " ") ? "(line " + line + ")" : "(line ";
        assertThatThrownBy(() -> GenesisFile.parse(text.replace(good + "\n", bad + "\n")))
                .isInstanceOf(PouwException.class)
                .satisfies(e -> assertThat(((PouwException) e).field()).isEqualTo(field))
                .hasMessageContaining(where);
    }

    /** Without an [audit] section the default maturity must still clear the chain's own alarm depth. */
    @Test
    void theDefaultMaturityIsCheckedAgainstTheAlarmDepthToo() {
        String text = GenesisFile.format(DEMO);
        String without = text.substring(0, text.indexOf("\n[audit]")) + text.substring(text.indexOf("\n[account"));
        String deep = without.replace("reorg_alarm_depth = 100\n", "reorg_alarm_depth = 150\n")
                .replace("activation_delay = 200\n", "activation_delay = 300\n");
        assertThatThrownBy(() -> GenesisFile.parse(deep)).isInstanceOf(PouwException.class)
                .satisfies(e -> assertThat(((PouwException) e).field()).isEqualTo("audit.maturity"))
                .hasMessageContaining("the default");
    }

    /**
     * Only a genesis that breaks the couplings is written with {@code couplings = relaxed}; the setting changes no
     * chain id, and any other value is refused by name.
     */
    @Test
    void theCouplingsSettingIsWrittenOnlyWhenNeededAndChecked() {
        String text = GenesisFile.format(DEMO);
        assertThat(text).doesNotContain("couplings");
        String relaxed = text.replace("rank_weights", "couplings = relaxed\nrank_weights");
        assertThat(GenesisFile.parse(relaxed).chainId()).isEqualTo(DEMO.chainId());
        String bad = text.replace("rank_weights", "couplings = loose\nrank_weights");
        assertThatThrownBy(() -> GenesisFile.parse(bad)).isInstanceOf(PouwException.class)
                .satisfies(e -> assertThat(((PouwException) e).field()).isEqualTo("couplings"))
                .hasMessageContaining("checked or relaxed");
    }

    @Test
    void theAuditSectionTwiceIsRefused() {
        String text = GenesisFile.format(DEMO);
        String section = text.substring(text.indexOf("[audit]"), text.indexOf("\n[account"));
        assertThatThrownBy(() -> GenesisFile.parse(text + "\n" + section)).isInstanceOf(PouwException.class)
                .hasMessageContaining("twice");
        String missing = text.replace("late_bounty = 5000\n", "");
        assertThatThrownBy(() -> GenesisFile.parse(missing)).hasMessageContaining("audit.late_bounty")
                .hasMessageContaining("missing");
    }

    private static ChainGenesis withAudit(AuditParameters audit) {
        return new ChainGenesis(DEMO.timestamp(), DEMO.bits(), DEMO.easiestBits(), DEMO.spacing(), DEMO.halfLife(),
                DEMO.futureLimit(), DEMO.reorgAlarmDepth(), DEMO.state(), DEMO.block(), DEMO.tickets(),
                DEMO.liveness(), DEMO.allocations(), DEMO.taskParameters(), DEMO.datasets(), audit);
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
        assertThat(DEMO.chainId().hex()).isEqualTo("1f4216cae734a4460508ec93c26157537973fe96c24cd5e3ac4595f2a749eb9b");
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
