package org.pouw.worker;

import java.io.PrintStream;
import org.pouw.core.Clock;

/**
 * Where the worker tells what it is doing. Called from several threads; implementations serialise their output.
 * {@code totals} is the worker's running tally at the moment of the event.
 */
@FunctionalInterface
public interface WorkerDisplay {
    WorkerDisplay NONE = (event, totals) -> { };

    void show(WorkerEvent event, WorkerStats.Snapshot totals);

    /** One JSON object per line ({@code --json}), for scripts and log collectors. */
    static WorkerDisplay jsonLines(PrintStream out, Clock clock) {
        return new JsonLinesDisplay(out, clock);
    }

    /** For people: a status line redrawn in place on a terminal, or plain lines when output is piped or logged. */
    static WorkerDisplay human(PrintStream out, boolean redrawInPlace) {
        return new TerminalDisplay(out, redrawInPlace, TerminalDisplay.DEFAULT_WIDTH);
    }

    /** What {@code pouw worker} uses: JSON lines with {@code --json}, else redraw only when stdout is a terminal. */
    static WorkerDisplay forStandardOutput(boolean json) {
        return json ? jsonLines(System.out, Clock.system()) : human(System.out, standardOutputIsTerminal());
    }

    /**
     * Whether redrawing in place will work. JDK 22 to 24 hand out a {@link java.io.Console} even when output is
     * piped, so where {@code Console.isTerminal()} exists (JDK 22+, newer than the bytecode level) it is asked too.
     */
    static boolean standardOutputIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException olderJdk) {
            // JDK 21 has no isTerminal(); there a console at all means a terminal.
            return true;
        }
    }
}
