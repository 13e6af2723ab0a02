package org.pouw.node.config;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The settings that may carry a secret: each has a {@code <name>_file} form that reads the value from a file (a
 * mounted Kubernetes Secret, a systemd credential), so a secret need not sit in a TOML file or the environment; and
 * a description of the configuration that never shows one (issue 25, defect 6: the record's own {@code toString}
 * printed the storage password).
 */
public final class SecretSettings {
    /** Settings whose value is a secret or may embed one (a URL's user:password). */
    static final List<String> NAMES = List.of("storage.password", "storage.url", "gate.redis_url",
            "rate_limits.redis_url");

    private static final String HIDDEN = "***";
    /** {@code scheme://user:password@host}: everything between the scheme and the '@'. */
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(://)[^/@\\s]*@");
    /** {@code ?password=...} or {@code &password=...} in a JDBC URL. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)([?&;]password=)[^&;\\s]*");

    private SecretSettings() {
    }

    static void putDefaults(Map<String, String> defaults) {
        for (String name : NAMES) {
            defaults.put(name + "_file", "");
        }
    }

    /** Replaces each {@code <name>_file} that is set by the file's contents (a final newline dropped). */
    static void readFiles(Map<String, String> raw) {
        for (String name : NAMES) {
            String file = raw.get(name + "_file").strip();
            if (file.isEmpty()) {
                continue;
            }
            if (!raw.get(name).isEmpty()) {
                throw new ConfigException(name + " and " + name + "_file are both set; give one of them");
            }
            String value;
            try {
                value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(name + "_file: cannot read " + file + " (" + e.getMessage() + ")");
            }
            raw.put(name, value.endsWith("\n") ? value.stripTrailing() : value);
        }
    }

    /**
     * A setting's value fit to show: a password or secret as {@code ***} (empty stays empty), credentials cut out of
     * any other text (a URL's {@code user:password@}, a {@code password=}); a {@code *_file} setting is a path.
     */
    static String show(String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        boolean secret = !lower.endsWith("_file") && (lower.contains("password") || lower.contains("secret")
                || NAMES.contains(name) && !lower.endsWith("url"));
        if (secret) {
            return value.isEmpty() ? "" : HIDDEN;
        }
        return redact(value);
    }

    /** A URL or plain text with any credentials in it replaced by {@code ***}. */
    public static String redact(String text) {
        String hidden = URL_CREDENTIALS.matcher(text).replaceAll("$1" + HIDDEN + "@");
        return URL_PASSWORD.matcher(hidden).replaceAll("$1" + HIDDEN);
    }

    /**
     * A record written out like its own {@code toString}, nested records included, but with every component whose
     * name says password or secret hidden and credentials cut out of every text.
     */
    static String describe(Record record) {
        StringJoiner parts = new StringJoiner(", ", record.getClass().getSimpleName() + "[", "]");
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
            parts.add(component.getName() + "=" + describeValue(component.getName(), value));
        }
        return parts.toString();
    }

    private static String describeValue(String name, Object value) {
        String lower = name.toLowerCase(Locale.ROOT);
        if ((lower.contains("password") || lower.contains("secret")) && value instanceof String text) {
            return text.isEmpty() ? "" : HIDDEN;
        }
        if (value instanceof Record nested) {
            return describe(nested);
        }
        return value == null ? "null" : redact(value.toString());
    }
}
