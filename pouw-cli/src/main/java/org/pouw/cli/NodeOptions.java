package org.pouw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.node.config.ConfigLoader;
import org.pouw.node.config.NodeConfig;
import picocli.CommandLine.Option;

/**
 * Options that only fill the node's config (STYLE.md: CLI options fill an immutable config; defaults live beside
 * the config, in {@link ConfigLoader#DEFAULTS}). Flags beat environment variables, which beat the TOML file.
 */
final class NodeOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "${env:POUW_CONFIG}",
            description = "TOML config file (env POUW_CONFIG; default: pouw.toml if present)")
    Path config;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "data folder (setting data_dir)")
    String dataDir;

    @Option(names = "--host", description = "listen address (http.host)")
    String host;

    @Option(names = "--port", description = "listen port (http.port; 0 picks a free one)")
    Integer port;

    @Option(names = "--mode", description = "pouw_mode: disabled, local or remote")
    String mode;

    @Option(names = "--zk-mode", description = "zk_mode: reexec or stark")
    String zkMode;

    @Option(names = "--storage-url", paramLabel = "JDBC_URL",
            description = "PostgreSQL JDBC URL; sets storage.backend = postgresql")
    String storageUrl;

    @Option(names = "--log-format", paramLabel = "FORMAT",
            description = "text (default) or json: one JSON object a line (log.format)")
    String logFormat;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "any setting, e.g. --set market.lease_ms=5000")
    Map<String, String> settings = new LinkedHashMap<>();

    NodeConfig load() {
        return ConfigLoader.load(file(), System.getenv(), overrides());
    }

    /** Every setting as {@link #load} would use it, secrets hidden ({@code pouw config show}). */
    Map<String, String> shown() {
        return ConfigLoader.shown(file(), System.getenv(), overrides());
    }

    private Map<String, String> overrides() {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        put(overrides, "data_dir", dataDir);
        put(overrides, "http.host", host);
        put(overrides, "http.port", port == null ? null : port.toString());
        put(overrides, "pouw_mode", mode);
        put(overrides, "zk_mode", zkMode);
        put(overrides, "log.format", logFormat);
        if (storageUrl != null) {
            overrides.put("storage.backend", "postgresql");
            overrides.put("storage.url", storageUrl);
        }
        return overrides;
    }

    private Path file() {
        if (config == null && Files.exists(Path.of("pouw.toml"))) {
            return Path.of("pouw.toml");
        }
        return config;
    }

    private static void put(Map<String, String> overrides, String name, String value) {
        if (value != null) {
            overrides.put(name, value);
        }
    }
}
