package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.toml.TomlMapper;

/**
 * A {@code nodes.toml}: the nodes {@code pouw nodes} and {@code --nodes} act on, each a {@code [[node]]} table with
 * {@code name}, {@code url} and optionally {@code token_file} (a bearer token sent with each call, for a node behind
 * a gateway that wants one). Checked whole before any node is asked; an error names the table and the field.
 */
record NodesFile(Path file, List<Entry> nodes) {
    /** One node; {@code tokenFile} relative to the nodes file's folder. */
    record Entry(String name, String url, Optional<Path> tokenFile) {
        /** The token, read when it is used; never printed. */
        Optional<String> token() {
            return tokenFile.map(path -> {
                try {
                    return Files.readString(path).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the token file of node '" + name + "': " + path, e);
                }
            });
        }
    }

    static NodesFile read(Path file) {
        if (!Files.exists(file)) {
            throw bad(file, "no such file; write one with a [[node]] table (name, url, optional token_file) per node");
        }
        JsonNode root;
        try {
            root = new TomlMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (RuntimeException e) {
            throw bad(file, "not TOML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode tables = root.path("node");
        if (!tables.isArray() || tables.isEmpty()) {
            throw bad(file, "no [[node]] tables");
        }
        List<Entry> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tables.size(); i++) {
            JsonNode table = tables.get(i);
            String where = "node[" + i + "]";
            String name = text(file, table, where, "name");
            if (!names.add(name)) {
                throw bad(file, where + ".name '" + name + "' is used twice");
            }
            String url = text(file, table, where, "url");
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw bad(file, where + ".url is not a URL: '" + url + "'");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw bad(file, where + ".url must be http(s)://host[:port], got '" + url + "'");
            }
            Optional<Path> token = table.has("token_file")
                    ? Optional.of(resolve(file, text(file, table, where, "token_file"))) : Optional.empty();
            nodes.add(new Entry(name, url.replaceAll("/+$", ""), token));
        }
        return new NodesFile(file, List.copyOf(nodes));
    }

    private static Path resolve(Path file, String path) {
        Path folder = file.toAbsolutePath().getParent();
        return folder.resolve(path);
    }

    private static String text(Path file, JsonNode table, String where, String field) {
        JsonNode value = table.path(field);
        if (!value.isString() || value.asString().isBlank()) {
            throw bad(file, where + "." + field + " is missing or not a string");
        }
        return value.asString().strip();
    }

    private static CommandFailed bad(Path file, String what) {
        return new CommandFailed("bad_nodes_file", file + ": " + what, ExitCodes.CONFIG);
    }
}
