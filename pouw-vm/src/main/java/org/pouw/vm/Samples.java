package org.pouw.vm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Example programs shipped with the VM, for the node's demo, the CLI and the published trace vectors
 * (docs/trace-vectors.md). Each is an assembly file {@code org/pouw/vm/samples/<name>.pasm} on the class path.
 */
public final class Samples {
    /**
     * <ul>
     *   <li>{@code fibonacci}: r0 = n; halts with F(n) in r1 (F(0) = 0, F(1) = 1).</li>
     *   <li>{@code power}: r0 = base, r1 = exponent; halts with base^exponent in r2, one multiplication per unit of
     *       exponent (the ISA has no bit operations).</li>
     *   <li>{@code harmonic}: r0 = n; halts with 1/1 + 1/2 + … + 1/n (field inverses) in r1.</li>
     * </ul>
     */
    public static final List<String> NAMES = List.of("fibonacci", "power", "harmonic");

    private Samples() {
    }

    /** The assembly source of a sample; {@link IllegalArgumentException} for a name not in {@link #NAMES}. */
    public static String source(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown sample '" + name + "', known: " + NAMES);
        }
        String resource = "samples/" + name + ".pasm";
        try (InputStream in = Samples.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample resource missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading sample " + resource, e);
        }
    }

    /** A sample, assembled. */
    public static Program program(String name) {
        return Assembler.assemble(source(name));
    }
}
