package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The URL of the node running from a data folder, from the {@code node.pid} file that {@code node start} writes. */
final class RunningNodeUrl {
    private RunningNodeUrl() {
    }

    /** Refused as {@code not_running} when no live process wrote the file. */
    static String of(Path dataDir) {
        Path pidFile = dataDir.resolve(NodeCommand.PID_FILE);
        String[] fields;
        try {
            fields = Files.exists(pidFile) ? Files.readString(pidFile).strip().split("\\s+") : new String[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pidFile, e);
        }
        if (fields.length < 2) {
            throw new CommandFailed("not_running", "no node is running from " + dataDir + " (no " + pidFile
                    + "): start it first; nothing was changed", ExitCodes.UNREACHABLE);
        }
        long pid = Long.parseLong(fields[0]);
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return fields[1];
        }
        throw new CommandFailed("not_running", "no node is running from " + dataDir + " (process " + pid + " of "
                + pidFile + " has ended): start it first; nothing was changed", ExitCodes.UNREACHABLE);
    }
}
