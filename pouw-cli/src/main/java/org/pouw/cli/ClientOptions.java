package org.pouw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.pouw.client.PouwClient;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import picocli.CommandLine.Option;

/** The options every client command shares: which node, which key, and how to print. */
public final class ClientOptions {
    static final String DEFAULT_NODE = "http://127.0.0.1:8642";

    @Option(names = "--node", paramLabel = "URL", defaultValue = "${env:POUW_NODE:-" + DEFAULT_NODE + "}",
            description = "node to talk to (env POUW_NODE; default ${DEFAULT-VALUE})")
    String node;

    @Option(names = "--key", paramLabel = "FILE", defaultValue = "${env:POUW_KEY:-.pouw/client.key}",
            description = "your key file, from 'pouw keys new' (env POUW_KEY; default ${DEFAULT-VALUE})")
    Path key;

    @Option(names = "--json", description = "print JSON for machines")
    boolean json;

    /** The node's URL, as given. */
    public String node() {
        return node;
    }

    /** The key file's path, as given. */
    public Path keyFile() {
        return key;
    }

    public Printer printer() {
        return new Printer(json);
    }

    public Ed25519.KeyPair loadKey() {
        try {
            return KeyFile.load(key);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalArgumentException("no key file at " + key + "; create one with 'pouw keys new --out "
                    + key + "' or pass --key");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read key file " + key, e);
        }
    }

    /** A client that signs in with the key (only when a call needs it). */
    public PouwClient client() {
        return new PouwClient(URI.create(node), loadKey(), Duration.ofSeconds(30), Clock.system());
    }

    /** A client for public reads: no key file needed, so it signs with a throwaway key if ever asked to. */
    public PouwClient anonymousClient() {
        return new PouwClient(URI.create(node), Ed25519.KeyPair.generate(), Duration.ofSeconds(30), Clock.system());
    }
}
