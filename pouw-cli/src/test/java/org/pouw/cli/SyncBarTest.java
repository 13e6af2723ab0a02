package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncBarTest {
    @Test
    void theBarFillsInProportionAndFitsTheWidth() {
        String half = SyncBar.render(500, 1_000, true, 60);
        assertThat(half).startsWith("[").contains("]  50.0 %  500 / 1,000 blocks  syncing");
        assertThat(half).hasSizeLessThanOrEqualTo(60);
        String bar = half.substring(1, half.indexOf(']'));
        assertThat(bar.chars().filter(c -> c == '#').count()).isEqualTo(bar.length() / 2);

        String done = SyncBar.render(1_000, 1_000, false, 60);
        assertThat(done).contains("100.0 %").endsWith("caught up").doesNotContain("-]");
        assertThat(SyncBar.render(0, 7, false, 60)).contains("  0.0 %").endsWith("waiting for a peer");
    }

    @Test
    void aNarrowTerminalStillGetsABarAndGenesisAloneIsCaughtUp() {
        String narrow = SyncBar.render(3, 9, true, 20);
        assertThat(narrow.substring(1, narrow.indexOf(']'))).hasSize(10);
        assertThat(SyncBar.render(0, 0, false, 80)).contains("100.0 %").endsWith("caught up");
    }
}
