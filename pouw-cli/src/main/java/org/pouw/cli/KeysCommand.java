package org.pouw.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pouw keys new|show|export|import}: Ed25519 identities named by their did:key. */
@Command(name = "keys", description = "Create or show an Ed25519 identity (a did:key).",
        subcommands = {KeysCommand.New.class, KeysCommand.Show.class, KeyExport.class, KeyImport.class})
final class KeysCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Command(name = "new", description = "Create a key file (owner-only) and print its did:key.")
    static final class New implements Callable<Integer> {
        @Option(names = "--out", paramLabel = "FILE", defaultValue = ".pouw/client.key",
                description = "where to write it (default ${DEFAULT-VALUE}); never overwrites")
        Path out;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Ed25519.KeyPair key = Ed25519.KeyPair.generate();
            KeyFile.create(out, key);
            ObjectNode data = JSON.createObjectNode().put("did", key.did().toString()).put("file", out.toString());
            new Printer(json).print(data, key.did() + "\n(written to " + out + "; keep it private)");
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Print the did:key of a key file.")
    static final class Show implements Callable<Integer> {
        @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:POUW_KEY:-.pouw/client.key}",
                description = "the key file (default ${DEFAULT-VALUE})")
        Path key;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Ed25519.KeyPair pair = KeyFile.load(key);
            ObjectNode data = JSON.createObjectNode().put("did", pair.did().toString()).put("file", key.toString());
            new Printer(json).print(data, pair.did().toString());
            return ExitCodes.OK;
        }
    }
}
