package org.pouw.cli.stark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Goldilocks;

/** The progress displays, driven by a settable clock, and the digest's text form. */
class ProgressAndHexTest {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theBarRedrawsInPlaceOnPhaseChangesAndAtMostEveryTenthOfASecond() {
        TerminalProgress bar = new TerminalProgress(out, 120, now::get);
        bar.onProgress("hash chain", 0.0);
        now.addAndGet(50_000_000L);
        bar.onProgress("hash chain", 0.05);
        assertThat(printed().split("\r", -1)).as("second call within 100 ms is skipped").hasSize(2);
        bar.onProgress("extend trace", 0.1);
        now.addAndGet(TerminalProgress.REDRAW_NANOS);
        bar.onProgress("extend trace", 0.12);
        now.addAndGet(2_300_000_000L);
        bar.finish();
        String[] draws = printed().split("\r", -1);
        assertThat(draws).hasSize(5);
        assertThat(draws[4]).startsWith("[==============================] 100%  0:02.4  done").endsWith("\033[K\n");
        assertThat(draws[2]).contains(" 10%  0:00.0  extend trace");
    }

    @Test
    void refreshMovesTheElapsedTimeThroughASilentPhaseButNotAfterFinish() {
        TerminalProgress bar = new TerminalProgress(out, 120, now::get);
        bar.refresh();
        assertThat(printed()).as("nothing to redraw before the first report").isEmpty();
        bar.onProgress("commit composition", 0.59);
        now.addAndGet(50_000_000L);
        bar.refresh();
        now.addAndGet(4_000_000_000L);
        bar.refresh();
        String[] draws = printed().split("\r", -1);
        assertThat(draws).hasSize(3);
        assertThat(draws[2]).contains(" 59%  0:04.0  commit composition");
        bar.finish();
        now.addAndGet(1_000_000_000L);
        bar.refresh();
        assertThat(printed()).endsWith("done\033[K\n");
    }

    @Test
    void theBarIsCutToTheTerminalWidth() {
        String line = TerminalProgress.line("evaluate constraints", 0.5, 0, 40);
        assertThat(line).hasSize(39).startsWith("[===============>              ]  50%");
        assertThat(TerminalProgress.line("done", 1.0, 61_000_000_000L, 120)).endsWith("1:01.0  done");
    }

    @Test
    void plainLinesComeAtPhaseChangesAndEachTenth() {
        ProvingProgressLines lines = new ProvingProgressLines(out, false, now::get);
        lines.onProgress("hash chain", 0.0);
        lines.onProgress("hash chain", 0.05);
        lines.onProgress("hash chain", 0.1);
        lines.onProgress("extend trace", 0.1);
        lines.finish();
        assertThat(printed().lines()).containsExactly("  0%  0:00.0  hash chain", " 10%  0:00.0  hash chain",
                " 10%  0:00.0  extend trace", "100%  0:00.0  done");
    }

    @Test
    void jsonLinesCarryPhasePercentAndWholeMilliseconds() {
        ProvingProgressLines lines = new ProvingProgressLines(out, true, now::get);
        now.addAndGet(1_500_000_000L);
        lines.onProgress("FRI", 0.83);
        assertThat(printed().strip())
                .isEqualTo("{\"event\":\"progress\",\"phase\":\"FRI\",\"percent\":83,\"elapsed_ms\":1500}");
    }

    @Test
    void digestsRoundTripThroughHex() {
        long[] digest = {0, 1, Goldilocks.P - 1, 0x0123_4567_89ab_cdefL};
        String text = DigestHex.format(digest);
        assertThat(text).isEqualTo("0000000000000000,0000000000000001,ffffffff00000000,0123456789abcdef");
        assertThat(DigestHex.parse(text, "--seed-hex")).containsExactly(digest);
        assertThat(DigestHex.parse("0x0, 1 ,0XFF,abc", "--seed-hex")).containsExactly(0, 1, 255, 0xabc);
    }

    @Test
    void badHexDigestsNameTheOption() {
        for (String bad : new String[] {"1,2,3", "1,2,3,4,5", "1,2,,4", "1,2,3,xyz", "1,2,3,00000000000000001",
                "1,2,3,ffffffff00000001"}) {
            assertThatThrownBy(() -> DigestHex.parse(bad, "--seed-hex")).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--seed-hex");
        }
    }
}
