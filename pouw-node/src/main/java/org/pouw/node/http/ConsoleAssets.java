package org.pouw.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console's files (module pouw-console, docs/console.md), read from the class path once and kept in memory:
 * all of them together are a few tens of kilobytes. Only flat names of the served types are looked up, so no request
 * path can reach another resource on the class path.
 */
final class ConsoleAssets {
    /** Where pouw-console keeps its files inside its jar. */
    static final String FOLDER = "org/pouw/console/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** One file: its bytes, its media type and an entity tag naming its content. */
    record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final ClassLoader loader;
    // Only found files are remembered, so asking for made-up names fills nothing.
    private final Map<String, Asset> found = new ConcurrentHashMap<>();

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** The file of that name, or empty for any name that is not one of the console's files. */
    Optional<Asset> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Asset cached = found.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            Asset asset = new Asset(bytes, type, etag(bytes));
            found.put(name, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the console's " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
