package org.pouw.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.JsonNode;

/**
 * {@code pouw keys export --encrypt} and {@code pouw keys import}: a round trip, and every way a file can be wrong —
 * wrong password, a flipped byte anywhere, a cut file, a key of another type — refused with exit 1, a code a script
 * can test, and the target key file untouched. The last test has the real {@code openssl} decrypt our file.
 */
class KeysExportImportTest {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;

    private Path key;
    private Path pem;
    private Path password;
    private String did;

    @BeforeEach
    void exportOne() throws IOException {
        key = dir.resolve("node.key");
        pem = dir.resolve("node.pem");
        password = dir.resolve("password");
        Files.writeString(password, PASSWORD + "\n");
        CliRun made = CliRun.of("keys", "new", "--out", key.toString(), "--json");
        did = made.lastJson().get("did").asString();
        CliRun export = CliRun.of("keys", "export", "--key", key.toString(), "--out", pem.toString(), "--encrypt",
                "--password-file", password.toString(), "--json");
        assertThat(export.exit()).as(export.err()).isEqualTo(ExitCodes.OK);
        assertThat(export.lastJson().get("encrypted").asBoolean()).isTrue();
    }

    @Test
    void round_trip_gives_back_the_same_identity_in_an_owner_only_pem() throws IOException {
        String text = Files.readString(pem);
        assertThat(text).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n")
                .endsWith("-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThat(text).doesNotContain(KeyFile.text(KeyFile.load(key)).lines().toList().get(2).substring(14));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pem))).isEqualTo("rw-------");

        Path back = dir.resolve("back.key");
        CliRun run = importTo(back, password);
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(run.lastJson().get("did").asString()).isEqualTo(did);
        assertThat(KeyFile.load(back).privateKey()).isEqualTo(KeyFile.load(key).privateKey());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(back))).isEqualTo("rw-------");
    }

    @Test
    void wrong_password_is_refused_and_writes_nothing() throws IOException {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "correct horse battery stapler\n");
        Path back = dir.resolve("back.key");
        CliRun run = importTo(back, wrong);
        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(errorCode(run)).isEqualTo("wrong_password_or_altered");
        assertThat(run.out()).contains("wrong password");
        assertThat(Files.exists(back)).isFalse();
    }

    @Test
    void a_flipped_byte_anywhere_is_refused() throws IOException {
        byte[] der = derOf(pem);
        Path back = dir.resolve("back.key");
        // Every 11th position (11 and 16 share no factor, so every offset within a cipher block is hit): the envelope
        // (lengths, OIDs, salt, scrypt parameters, IV) and the ciphertext. A changed ciphertext block garbles the key,
        // which then no longer matches the did:key written beside it. Each try runs scrypt, hence not all bytes.
        for (int at = 0; at < der.length; at += 11) {
            byte[] flipped = der.clone();
            flipped[at] ^= 0x01;
            Path altered = dir.resolve("altered.pem");
            Files.writeString(altered, pemOf(flipped));
            CliRun run = CliRun.of("keys", "import", altered.toString(), "--out", back.toString(),
                    "--password-file", password.toString(), "--json");
            assertThat(run.exit()).as("byte %d of %d: %s", at, der.length, run.out()).isEqualTo(ExitCodes.REFUSED);
            assertThat(Files.exists(back)).isFalse();
        }
    }

    @Test
    void a_cut_file_is_refused() throws IOException {
        String text = Files.readString(pem);
        Path back = dir.resolve("back.key");
        for (int keep : List.of(text.length() / 2, text.length() - 30, 20)) {
            Path cut = dir.resolve("cut.pem");
            Files.writeString(cut, text.substring(0, keep));
            CliRun run = CliRun.of("keys", "import", cut.toString(), "--out", back.toString(),
                    "--password-file", password.toString(), "--json");
            assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.REFUSED);
            assertThat(errorCode(run)).isEqualTo("malformed");
        }
        // A whole PEM frame around a DER body missing its last block.
        byte[] der = derOf(pem);
        Path shorter = dir.resolve("shorter.pem");
        Files.writeString(shorter, pemOf(java.util.Arrays.copyOf(der, der.length - 16)));
        CliRun run = CliRun.of("keys", "import", shorter.toString(), "--out", back.toString(),
                "--password-file", password.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(Files.exists(back)).isFalse();
    }

    @Test
    void an_existing_key_file_is_kept_unless_forced() throws IOException {
        Path other = dir.resolve("other.key");
        CliRun.of("keys", "new", "--out", other.toString());
        String before = Files.readString(other);
        CliRun refused = importTo(other, password);
        assertThat(refused.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(errorCode(refused)).isEqualTo("file_exists");
        assertThat(Files.readString(other)).isEqualTo(before);

        CliRun forced = CliRun.of("keys", "import", pem.toString(), "--out", other.toString(), "--password-file",
                password.toString(), "--force", "--json");
        assertThat(forced.exit()).isEqualTo(ExitCodes.OK);
        assertThat(KeyFile.load(other).did().toString()).isEqualTo(did);
    }

    @Test
    void an_unencrypted_key_of_another_type_is_refused_by_name() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        byte[] pkcs8 = ec.generateKeyPair().getPrivate().getEncoded();
        Path ecPem = dir.resolve("ec.pem");
        Files.writeString(ecPem, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n");
        Path back = dir.resolve("back.key");
        CliRun run = CliRun.of("keys", "import", ecPem.toString(), "--out", back.toString(), "--json");
        assertThat(run.exit()).isEqualTo(ExitCodes.REFUSED);
        assertThat(errorCode(run)).isEqualTo("not_ed25519");
        assertThat(run.out()).contains("EC");
        assertThat(Files.exists(back)).isFalse();
    }

    @Test
    void an_unencrypted_export_imports_without_a_password() {
        Path plain = dir.resolve("plain.pem");
        CliRun export = CliRun.of("keys", "export", "--key", key.toString(), "--out", plain.toString(), "--json");
        assertThat(export.exit()).isEqualTo(ExitCodes.OK);
        Path back = dir.resolve("back.key");
        CliRun run = CliRun.of("keys", "import", plain.toString(), "--out", back.toString(), "--json");
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        assertThat(run.lastJson().get("did").asString()).isEqualTo(did);
    }

    @Test
    void without_a_terminal_or_password_source_import_says_where_to_give_one() {
        CliRun run = CliRun.of("keys", "import", pem.toString(), "--out", dir.resolve("b.key").toString(), "--json");
        if (System.getenv(KeyPassword.ENV) == null) {
            assertThat(run.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(errorCode(run)).isEqualTo("no_password");
            assertThat(run.out()).contains("--password-file").contains(KeyPassword.ENV);
        }
    }

    @Test
    void the_environment_variable_is_a_password_source() {
        KeyPassword fromEnv = new KeyPassword(null, Map.of(KeyPassword.ENV, PASSWORD)::get);
        assertThat(new String(fromEnv.read(false), StandardCharsets.UTF_8)).isEqualTo(PASSWORD);
    }

    @Test
    void openssl_decrypts_our_file_to_the_same_key() throws Exception {
        assumeTrue(onPath("openssl"), "openssl is not installed: the interoperability check needs it");
        Path plain = dir.resolve("from-openssl.pem");
        Process openssl = new ProcessBuilder("openssl", "pkcs8", "-in", pem.toString(), "-passin",
                "file:" + password, "-out", plain.toString()).redirectErrorStream(true).start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).as(said).isZero();
        Path back = dir.resolve("back.key");
        CliRun run = CliRun.of("keys", "import", plain.toString(), "--out", back.toString(), "--json");
        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        Ed25519.KeyPair mine = KeyFile.load(key);
        assertThat(KeyFile.load(back).privateKey()).isEqualTo(mine.privateKey());
    }

    private CliRun importTo(Path target, Path passwordFile) {
        return CliRun.of("keys", "import", pem.toString(), "--out", target.toString(), "--password-file",
                passwordFile.toString(), "--json");
    }

    private static String errorCode(CliRun run) {
        JsonNode error = run.lastJson().get("error");
        return error == null ? "" : error.get("code").asString();
    }

    private static byte[] derOf(Path file) throws IOException {
        String body = Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }

    private static String pemOf(byte[] der) {
        return "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(der) + "\n-----END ENCRYPTED PRIVATE KEY-----\n";
    }

    private static boolean onPath(String tool) {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dirName, tool))) {
                return true;
            }
        }
        return false;
    }
}
