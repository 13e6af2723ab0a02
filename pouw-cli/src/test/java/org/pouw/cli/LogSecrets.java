package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pouw.crypto.KeyFile;

/**
 * The secrets a test handed its processes, each in every spelling a log could carry it in, and the search of a log
 * for them (issue 25 §1: "a test greps every IT log for the secrets it set"). Secrets are found where a test puts
 * them, not listed by each test: the key files, token secrets and password files under the test's folder, the
 * password and secret settings on a process's command line, and partner keys and tokens that CLI commands answered.
 */
final class LogSecrets {
    /** Shorter texts are not searched: they could be found in an honest log by chance (a user name, a word). */
    static final int MIN_TEXT = 8;
    private static final long MAX_FILE = 64 * 1024;
    private static final Pattern PARTNER_KEY = Pattern.compile("pouwpk_[A-Za-z0-9_-]{16,}");
    private static final Pattern TOKEN =
            Pattern.compile("\"(?:token|access_token)\"\\s*:\\s*\"([A-Za-z0-9_.~-]{20,})\"");
    private static final Pattern URL_PASSWORD =
            Pattern.compile("(?i)[?&;]password=([^&;\\s]+)|://[^:/@\\s]*:([^@/\\s]+)@");

    /**
     * What each secret is (e.g. {@code "data/token.secret"}) → its spellings, each named by its form (e.g.
     * {@code ", base64url"} → the text); a padded spelling before the unpadded one it starts with.
     */
    private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();

    /** A secret of bytes: hex (both cases), base64 and base64url (padded or not), and the raw bytes. */
    void addBytes(String what, byte[] secret) {
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put(", hex", HexFormat.of().formatHex(secret));
        forms.put(", HEX", HexFormat.of().withUpperCase().formatHex(secret));
        forms.put(", base64", Base64.getEncoder().encodeToString(secret));
        forms.put(", base64 unpadded", Base64.getEncoder().withoutPadding().encodeToString(secret));
        forms.put(", base64url", Base64.getUrlEncoder().encodeToString(secret));
        forms.put(", base64url unpadded", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        forms.put(", raw", new String(secret, StandardCharsets.ISO_8859_1));
        secrets.putIfAbsent(what, forms);
    }

    /** A secret that is text (a password, a token, a partner key), as it is. */
    void addText(String what, String secret) {
        String text = secret.strip();
        if (text.length() >= MIN_TEXT && secrets.values().stream().noneMatch(forms -> forms.containsValue(text))) {
            secrets.putIfAbsent(what, Map.of("", text));
        }
    }

    /**
     * Each secret found in {@code log} (read as ISO-8859-1, so raw bytes match), once, named with the first of its
     * spellings found; never quoted.
     */
    List<String> leaksIn(String logName, String log) {
        List<String> leaks = new ArrayList<>();
        secrets.forEach((what, forms) -> forms.entrySet().stream().filter(form -> log.contains(form.getValue()))
                .findFirst().ifPresent(form -> leaks.add(what + form.getKey() + " in " + logName)));
        return leaks;
    }

    /** Partner keys and tokens in a CLI command's answer: secrets the test's processes now hold. */
    void addFromAnswer(String answer) {
        Matcher partner = PARTNER_KEY.matcher(answer);
        while (partner.find()) {
            addText("a partner key a command answered", partner.group());
        }
        Matcher token = TOKEN.matcher(answer);
        while (token.find()) {
            addText("a token a command answered", token.group(1));
        }
    }

    /**
     * The password and secret settings of a command line: {@code --set name=value} and {@code --option value} whose
     * name says password or secret, a file's contents where the name ends in {@code file}, and the password in a
     * storage URL; and any partner key given as it is ({@code --partner-key}).
     */
    void addFromArgs(Path workDir, List<String> args) {
        addFromAnswer(String.join(" ", args));
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name;
            String value;
            if (arg.equals("--set") && i + 1 < args.size() && args.get(i + 1).contains("=")) {
                String setting = args.get(++i);
                name = setting.substring(0, setting.indexOf('='));
                value = setting.substring(setting.indexOf('=') + 1);
            } else if (arg.startsWith("--") && i + 1 < args.size()) {
                name = arg;
                value = args.get(i + 1);
            } else {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("url")) {
                Matcher password = URL_PASSWORD.matcher(value);
                while (password.find()) {
                    addText(name + "'s password", password.group(1) != null ? password.group(1) : password.group(2));
                }
            }
            if (!lower.contains("password") && !lower.contains("secret")) {
                continue;
            }
            if (lower.endsWith("file")) {
                Path file = workDir.resolve(value);
                if (Files.isRegularFile(file)) {
                    addText(name + " (" + value + ")", read(file));
                }
            } else {
                addText(name, value);
            }
        }
    }

    /**
     * The secrets lying under {@code workDir}: every key file's private key (a PEM key's body lines too), every file
     * named for a secret or a password (the token secret and its rotation's other secret among them).
     */
    void addFromFolder(Path workDir) {
        if (!Files.isDirectory(workDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir, 4)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                String what = workDir.relativize(file).toString();
                if (Files.size(file) > MAX_FILE || name.endsWith(".rotation") || name.endsWith(".partial")
                        || name.endsWith(".log") || name.endsWith(".err") || name.endsWith(".out")) {
                    continue;
                }
                if (name.endsWith(".key") || name.endsWith(".pem")) {
                    addKey(what, file);
                } else if (name.contains("secret")) {
                    addBytes(what, Files.readAllBytes(file));
                } else if (name.contains("password")) {
                    addText(what, read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the secrets under " + workDir, e);
        }
    }

    private void addKey(String what, Path file) throws IOException {
        String text = read(file);
        if (text.contains("PRIVATE KEY-----")) {
            text.lines().filter(line -> !line.startsWith("-----") && line.strip().length() >= 40)
                    .forEach(line -> addText(what + ", a PEM line", line));
            return;
        }
        try {
            addBytes(what + ", private key", KeyFile.load(file).privateKey());
        } catch (IllegalArgumentException notAKeyFile) {
            addText(what, text);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
