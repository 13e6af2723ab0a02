package org.pouw.cli.mine;

import java.io.PrintStream;
import org.pouw.core.Clock;

/** Where a miner tells what it is doing; called from the mining thread only. */
@FunctionalInterface
public interface MinerDisplay {
    MinerDisplay NONE = event -> { };

    void show(MinerEvent event);

    /** {@code --json}: one JSON object per line. */
    static MinerDisplay jsonLines(PrintStream out, Clock clock) {
        return new MinerJsonLines(out, clock);
    }

    /** For people: a status line redrawn in place when {@code redraw}, else a plain line every few seconds. */
    static MinerDisplay human(PrintStream out, boolean redraw, int width) {
        return new MinerTerminalDisplay(out, redraw, width);
    }
}
