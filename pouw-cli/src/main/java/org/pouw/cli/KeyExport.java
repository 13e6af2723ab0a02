package org.pouw.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.crypto.pkcs8.Pkcs8KeyPem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** {@code pouw keys export}: a key file as standard PKCS#8 PEM, password-encrypted with {@code --encrypt}. */
@Command(name = "export", description = "Write a key as PKCS#8 PEM; --encrypt protects it with a password"
        + " (PBES2, scrypt, AES-256-CBC; opens with 'openssl pkcs8').")
final class KeyExport implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:POUW_KEY:-.pouw/client.key}",
            description = "the key file to export (default ${DEFAULT-VALUE})")
    Path key;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "the PEM file to write (owner-only); an existing file is kept unless --force")
    Path out;

    @Option(names = "--encrypt", description = "encrypt with a password (from --password-file, "
            + KeyPassword.ENV + ", or a prompt)")
    boolean encrypt;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE")
    Path passwordFile;

    @Option(names = "--force", description = "replace an existing --out file")
    boolean force;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Ed25519.KeyPair pair = KeyFile.load(key);
        if (!encrypt && passwordFile != null) {
            throw new CommandFailed("usage", "--password-file needs --encrypt", ExitCodes.USAGE);
        }
        ProtectedFile.refuseOverwrite(out, force);
        String pem = encrypt
                ? Pkcs8KeyPem.encrypted(pair, KeyPassword.of(passwordFile).read(true), new SecureRandom())
                : Pkcs8KeyPem.plain(pair);
        ProtectedFile.write(out, pem.getBytes(StandardCharsets.US_ASCII));
        ObjectNode data = JSON.createObjectNode().put("did", pair.did().toString()).put("file", out.toString())
                .put("encrypted", encrypt);
        new Printer(json).print(data, pair.did() + "\n(exported to " + out
                + (encrypt ? ", encrypted" : ", NOT encrypted: keep it private") + ")");
        return ExitCodes.OK;
    }
}
