package org.pouw.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.crypto.pkcs8.KeyFileRefused;
import org.pouw.crypto.pkcs8.Pkcs8KeyPem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code pouw keys import}: a PKCS#8 PEM key (encrypted or not) back into a pouw key file. Every check runs before
 * anything is written, so a wrong password or an altered file leaves the target as it was.
 */
@Command(name = "import", description = "Read a PKCS#8 PEM Ed25519 key (encrypted or not) into a key file.")
final class KeyImport implements Callable<Integer> {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Parameters(index = "0", paramLabel = "PEM", description = "the PEM file to read")
    Path pem;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "${env:POUW_KEY:-.pouw/client.key}",
            description = "the key file to write (default ${DEFAULT-VALUE}); an existing one is kept unless --force")
    Path out;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "read the password from the first line of FILE (else " + KeyPassword.ENV
                    + ", else a prompt)")
    Path passwordFile;

    @Option(names = "--force", description = "replace an existing key file (its identity is lost)")
    boolean force;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ProtectedFile.refuseOverwrite(out, force);
        byte[] file = Files.readAllBytes(pem);
        Ed25519.KeyPair pair;
        try {
            pair = Pkcs8KeyPem.read(file, () -> KeyPassword.of(passwordFile).read(false));
        } catch (KeyFileRefused refused) {
            throw new CommandFailed(refused.reason().name().toLowerCase(java.util.Locale.ROOT),
                    pem + ": " + refused.getMessage() + "; nothing written", ExitCodes.REFUSED);
        }
        ProtectedFile.write(out, KeyFile.text(pair).getBytes(StandardCharsets.UTF_8));
        ObjectNode data = JSON.createObjectNode().put("did", pair.did().toString()).put("file", out.toString())
                .put("encrypted", Pkcs8KeyPem.isEncrypted(file));
        new Printer(json).print(data, pair.did() + "\n(imported into " + out + ")");
        return ExitCodes.OK;
    }
}
