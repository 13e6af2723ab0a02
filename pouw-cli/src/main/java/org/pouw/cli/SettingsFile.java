package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pouw.node.config.ConfigException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A TOML settings file as dotted names and text values ({@code [http] port = 8642} is {@code http.port = "8642"}),
 * the shape the node's loader and {@link OptionFileDefaults} both read; and the writing of one.
 */
final class SettingsFile {
    private static final TomlMapper TOML = new TomlMapper();

    private SettingsFile() {
    }

    static Map<String, String> read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static Map<String, String> parse(String text, String where) {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JacksonException e) {
            throw new ConfigException("config file " + where + " is not valid TOML: " + e.getOriginalMessage());
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat);
        return flat;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat) {
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = prefix + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                flatten(name + ".", value, flat);
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    items.add(item.isObject() ? item.toString() : item.asString());
                }
                flat.put(name, String.join(",", items));
            } else {
                flat.put(name, value.asString());
            }
        }
    }

    /**
     * The settings as TOML: top-level names first, then one {@code [table]} per first name part, so the file reads
     * like docs/operations.md. Whole numbers and booleans are written bare, everything else as a quoted string.
     */
    static String toToml(String header, Map<String, String> settings) {
        StringBuilder out = new StringBuilder();
        header.lines().forEach(line -> out.append("# ").append(line).append('\n'));
        Map<String, Map<String, String>> tables = new LinkedHashMap<>();
        boolean topLevel = false;
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            int dot = setting.getKey().indexOf('.');
            if (dot < 0) {
                if (!topLevel) {
                    out.append('\n');
                    topLevel = true;
                }
                out.append(setting.getKey()).append(" = ").append(value(setting.getValue())).append('\n');
            } else {
                tables.computeIfAbsent(setting.getKey().substring(0, dot), t -> new LinkedHashMap<>())
                        .put(setting.getKey().substring(dot + 1), setting.getValue());
            }
        }
        tables.forEach((table, entries) -> {
            out.append('\n').append('[').append(table).append("]\n");
            entries.forEach((name, value) -> out.append(name).append(" = ").append(value(value)).append('\n'));
        });
        return out.toString();
    }

    static void write(Path file, String toml) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".new");
            Files.writeString(temporary, toml, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String value(String text) {
        if (text.matches("-?[0-9]{1,18}") || text.equals("true") || text.equals("false")) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
