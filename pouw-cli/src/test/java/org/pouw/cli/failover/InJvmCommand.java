package org.pouw.cli.failover;

import java.nio.file.Path;
import java.util.List;
import org.pouw.cli.CliProcess;
import org.pouw.cli.CliRun;

/**
 * A {@code pouw} command run in the test's JVM, its folder options taken relative to the scenario's folder. The
 * nodes and workers of a scenario are processes of their own, so a backup or a restore still acts from outside the
 * node; the commands run here because a {@code pouw} JVM's start took 20–60 s on the loaded development machine (a
 * backup process ran past {@link CliProcess#run}'s minute once), while the command itself takes seconds.
 */
final class InJvmCommand {
    private static final List<String> FOLDER_OPTIONS = List.of("--data-dir", "--from", "--out");

    private InJvmCommand() {
    }

    /** Runs {@code args} as {@code pouw} would ({@link CliRun}), with stdout and stderr captured. */
    static CliProcess.Result run(Path dir, String... args) {
        String[] absolute = args.clone();
        for (int i = 1; i < absolute.length; i++) {
            if (FOLDER_OPTIONS.contains(absolute[i - 1])) {
                absolute[i] = dir.resolve(absolute[i]).toString();
            }
        }
        CliRun run = CliRun.of(absolute);
        return new CliProcess.Result(run.exit(), run.out(), run.err());
    }
}
