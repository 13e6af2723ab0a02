package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the running node was started — its working folder and whole command line (the JVM, its options, the class
 * path and {@code pouw node start}'s arguments) — kept in the data folder as {@code node.start} so
 * {@code pouw node restart} can start it again the same way. The command line may name password settings, so the
 * file is readable by its owner only, like the keys beside it.
 */
record NodeStartRecord(Path workDir, List<String> command) {
    static final String FILE = "node.start";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** This process's own start, when the operating system tells it (Linux does, from /proc). */
    static NodeStartRecord ofThisProcess() {
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> command = new ArrayList<>();
        command.add(info.command().orElseThrow(() -> new IllegalStateException("this process's command is unknown")));
        command.addAll(List.of(info.arguments().orElse(new String[0])));
        return new NodeStartRecord(Path.of(System.getProperty("user.dir")), command);
    }

    void writeTo(Path dataDir) {
        ObjectNode json = JSON.createObjectNode().put("work_dir", workDir.toAbsolutePath().toString());
        command.forEach(json.putArray("command")::add);
        Path file = dataDir.resolve(FILE);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, JSON.writeValueAsString(json) + "\n");
        } catch (UnsupportedOperationException e) {
            writePlain(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void writePlain(Path file, ObjectNode json) {
        try {
            Files.writeString(file, JSON.writeValueAsString(json) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The record in a data folder; refused as {@code cannot_restart} when there is none. */
    static NodeStartRecord readFrom(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new CommandFailed("cannot_restart", "no " + file + ": the node was started by an older pouw;"
                    + " stop it and start it again by hand", ExitCodes.REFUSED);
        }
        try {
            JsonNode json = JSON.readTree(Files.readString(file));
            List<String> command = new ArrayList<>();
            json.path("command").forEach(part -> command.add(part.asString()));
            if (command.isEmpty()) {
                throw new CommandFailed("cannot_restart", file + " holds no command", ExitCodes.REFUSED);
            }
            return new NodeStartRecord(Path.of(json.path("work_dir").asString(".")), command);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
