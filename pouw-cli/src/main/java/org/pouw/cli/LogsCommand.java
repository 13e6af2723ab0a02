package org.pouw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.pouw.cli.logs.LogFollower;
import org.pouw.cli.logs.LogLevel;
import org.pouw.cli.logs.LogLine;
import org.pouw.cli.logs.LogTail;
import org.pouw.node.logs.RotatingLogFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw logs}: the node's log file in its data folder ({@code logs/pouw.log} and the files rotation kept), the
 * last lines, then with {@code --follow} what the node writes next, through rotations, until interrupted.
 */
@Command(name = "logs", description = "Show the node's log from its data folder: the last lines, optionally"
        + " following new ones (through rotations) until interrupted.")
final class LogsCommand implements Callable<Integer> {
    @Option(names = "--data-dir", defaultValue = "${env:POUW_DATA_DIR:-.pouw}",
            description = "the node's data folder (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--tail", paramLabel = "N", defaultValue = "100",
            description = "show the last N lines (default ${DEFAULT-VALUE}; 0 with --follow: only new ones)")
    int tail;

    @Option(names = "--follow", description = "keep printing lines as the node writes them, across rotations,"
            + " until interrupted (Ctrl-C)")
    boolean follow;

    @Option(names = "--level", paramLabel = "LEVEL", description = "only lines of this level or worse: TRACE, DEBUG,"
            + " INFO, WARNING, ERROR (WARNING shows WARNING and ERROR); a stack trace goes with its record")
    String level;

    @Option(names = "--json", description = "one JSON object a line (time, level, logger, message)")
    boolean json;

    @Override
    public Integer call() {
        if (tail < 0) {
            throw new IllegalArgumentException("--tail must be >= 0, got " + tail);
        }
        Predicate<LogLine> keep = filter(level);
        Path folder = RotatingLogFile.folder(dataDir);
        if (!Files.exists(RotatingLogFile.rotated(folder, 0)) && !Files.exists(RotatingLogFile.rotated(folder, 1))) {
            throw new CommandFailed("no_log", "no log in " + folder + ": 'pouw node start --data-dir " + dataDir
                    + "' writes one (unless log.file_max_bytes = 0)", ExitCodes.REFUSED);
        }
        Printer printer = new Printer(json);
        // Opened before the tail is read, so a line written in between is never lost (it may show twice).
        LogFollower follower = follow ? new LogFollower(folder, line -> {
            if (keep.test(line)) {
                print(printer, line);
            }
        }) : null;
        for (LogLine line : LogTail.last(folder, tail, keep)) {
            print(printer, line);
        }
        if (follower != null) {
            follower.run();
        }
        return ExitCodes.OK;
    }

    /** The lines {@code --level} keeps; all of them without it. */
    static Predicate<LogLine> filter(String level) {
        if (level == null) {
            return line -> true;
        }
        LogLevel least = LogLevel.parse(level).orElseThrow(() -> new IllegalArgumentException(
                "--level must be TRACE, DEBUG, INFO, WARNING or ERROR, got '" + level + "'"));
        return line -> line.level() != null && line.level().atLeast(least);
    }

    private static void print(Printer printer, LogLine line) {
        printer.print(line.json(), line.text());
    }
}
