package org.pouw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code pouw config init} can write, and how each kind of file is checked: a node's file by the node's
 * {@code ConfigLoader}, a worker's, miner's or pool's by the command that reads it with {@code --config}. Each
 * lists the questions the wizard asks, with their defaults (the program's own).
 */
enum ConfigTemplate {
    NODE("pouw.toml", "pouw node --config pouw.toml", List.of(
            new Question("data_dir", "Data folder (database, keys, logs)", ".pouw"),
            new Question("http.host", "API listen address", "127.0.0.1"),
            new Question("http.port", "API port", "8642"),
            new Question("pouw_mode", "Mode: disabled, local or remote", "local"),
            new Question("zk_mode", "Checking of results: reexec or stark", "reexec"),
            new Question("storage.url", "PostgreSQL JDBC URL (empty: SQLite in the data folder)", ""),
            new Question("log.format", "Log format: text or json", "text"))),
    WORKER("worker.toml", "pouw worker --config worker.toml", List.of(
            new Question("node", "Node URL", "http://127.0.0.1:8642"),
            new Question("key", "Key file (rewards go to its did:key)", "worker.key"),
            new Question("concurrency", "Jobs at once", "1"),
            new Question("tiers", "Tiers to take, comma-separated: micro, macro, full (empty: any)", ""),
            new Question("lease-ms", "Lease to ask for, ms", "60000"),
            new Question("memory-mb", "Memory for jobs, MiB (0: undeclared)", "0"))),
    MINER("miner.toml", "pouw mine --config miner.toml", List.of(
            new Question("node", "Node URL", "http://127.0.0.1:8642"),
            new Question("key", "Key file (its did:key must be staked)", "miner.key"),
            new Question("threads", "Training threads", "1"),
            new Question("poll-ms", "Block poll interval, ms", "500"),
            new Question("commit-margin", "Commit final models this many blocks before the deadline", "6"))),
    POOL("pool.toml", "pouw pool start --config pool.toml", List.of(
            new Question("node", "Node URL", "http://127.0.0.1:8642"),
            new Question("key", "Pool signing key file (created on first start)", "pool.key"),
            new Question("name", "Pool id in the node's pools.trusted", "pool-1"),
            new Question("bind", "Listen address", "127.0.0.1"),
            new Question("port", "HTTP port", "3334"),
            new Question("min-difficulty", "Minimum share difficulty, expected hashes", "1"),
            new Question("data-dir", "Share ledger folder (empty: in memory)", "")));

    /** One thing the wizard asks: the setting it fills, how it asks, and the answer an empty line means. */
    record Question(String key, String prompt, String defaultValue) {
    }

    private static final String MARK = "template: ";

    final String defaultFile;
    final String startCommand;
    final List<Question> questions;

    ConfigTemplate(String defaultFile, String startCommand, List<Question> questions) {
        this.defaultFile = defaultFile;
        this.startCommand = startCommand;
        this.questions = questions;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    SettingsCheck check() {
        return switch (this) {
            case NODE -> new NodeSettingsCheck();
            case WORKER -> new OptionSettingsCheck(WorkerCommand::new, List.of("node", "key"));
            case MINER -> new OptionSettingsCheck(MineCommand::new, List.of("node", "key"));
            case POOL -> new OptionSettingsCheck(PoolCommand.Start::new, List.of("node", "key"));
        };
    }

    /** The settings as a start sees them: for a node, a PostgreSQL URL implies the PostgreSQL backend. */
    Map<String, String> completed(Map<String, String> settings) {
        return this == NODE ? NodeSettingsCheck.implied(settings) : settings;
    }

    /** The first lines of a file this template writes; {@link #of} finds the template again from them. */
    String header() {
        return "pouw " + label() + " configuration, " + MARK + label() + "\n"
                + "start with: " + startCommand + "\n"
                + "check with: pouw config validate --config <this file>";
    }

    static ConfigTemplate parse(String text) {
        for (ConfigTemplate template : values()) {
            if (template.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return template;
            }
        }
        throw new IllegalArgumentException("--template must be node, worker, miner or pool, got '" + text + "'");
    }

    /**
     * The template given, else the one named in the file's header, else the one whose default file name it has,
     * else the node's.
     */
    static ConfigTemplate of(String given, Path file) {
        if (given != null) {
            return parse(given);
        }
        if (file != null && Files.isRegularFile(file)) {
            try (var lines = Files.lines(file)) {
                var named = lines.limit(5).filter(line -> line.startsWith("#") && line.contains(MARK)).findFirst();
                if (named.isPresent()) {
                    String line = named.get();
                    return parse(line.substring(line.indexOf(MARK) + MARK.length()).split("\\s")[0]);
                }
            } catch (java.io.IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
                // an unreadable or unmarked file is checked as what its name says
            }
        }
        if (file != null) {
            for (ConfigTemplate template : values()) {
                if (file.getFileName().toString().equals(template.defaultFile)) {
                    return template;
                }
            }
        }
        return NODE;
    }
}
