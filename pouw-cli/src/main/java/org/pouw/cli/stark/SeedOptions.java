package org.pouw.cli.stark;

import org.pouw.stark.HashChainStark;
import picocli.CommandLine.Option;

/** Where a hash chain starts: free text hashed into a seed, or the seed's 4 field elements given in hex. */
final class SeedOptions {
    @Option(names = "--seed", paramLabel = "TEXT",
            description = "any text; the seed is derived from it with BLAKE3 (the same text always gives the same seed)")
    String text;

    @Option(names = "--seed-hex", paramLabel = "A,B,C,D",
            description = "the seed's 4 field elements in hex, e.g. the output of an earlier chain")
    String hex;

    long[] seed() {
        return hex != null ? DigestHex.parse(hex, "--seed-hex") : HashChainStark.seedFromText(text);
    }

    /** How the seed was given, for the opening line. */
    String describe() {
        return hex != null ? DigestHex.format(seed()) : "\"" + text + "\"";
    }
}
