package org.pouw.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.pouw.client.PouwClient;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.jcs.JcsValue;
import org.pouw.crypto.jcs.StrictJsonParser;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.WorkReceipt;

/**
 * Makes a signed work receipt the way the node checks it (docs/gate.md §5): a challenge (asked now, or read from a
 * file), a stamp (minted here, or given — say by the {@code hashcash} tool), a fresh nonce, signed by the key.
 */
final class GateReceipts {
    private GateReceipts() {
    }

    static String make(PouwClient client, Ed25519.KeyPair key, Path challengeFile, int difficulty, String stamp,
                       PrintStream progress) {
        String challengeText = challengeFile != null ? read(challengeFile)
                : client.gate().challenge(key.did().toString(), "hashcash", difficulty, null);
        JcsValue.Obj challenge = (JcsValue.Obj) StrictJsonParser.ascii(4096)
                .parse(challengeText.strip().getBytes(StandardCharsets.US_ASCII));
        String id = challenge.text("id");
        String solution = stamp != null ? stamp
                : StampMinting.mint(challenge.text("resource"), (int) challenge.integer("difficulty"), progress);
        byte[] nonce = new byte[16];
        new SecureRandom().nextBytes(nonce);
        String network = client.gate().keys().path("network").asString();
        WorkReceipt receipt = new WorkReceipt(challenge, solution, HexFormat.of().formatHex(nonce),
                System.currentTimeMillis());
        return ReceiptSigner.wire(ReceiptSigner.sign(receipt, key, id, network));
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text + "\n", StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
