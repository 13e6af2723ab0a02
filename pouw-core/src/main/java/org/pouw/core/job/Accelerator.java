package org.pouw.core.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.pouw.core.PouwException;

/**
 * The accelerators a worker may declare and an intent may require (issue 27, item 3): a closed list, so a job never
 * waits for a name no worker could declare. Each is one bit of a mask (its ordinal), the form jobs store and claims
 * compare: a job is offered to a worker whose mask holds every bit of the job's. New names go at the end, so stored
 * masks keep their meaning.
 */
public enum Accelerator {
    /** x86-64 256-bit vector instructions. */
    AVX2("avx2"),
    /** x86-64 512-bit vector instructions (AVX-512 F). */
    AVX512("avx512"),
    /** 64-bit Arm vector instructions (Advanced SIMD). */
    NEON("neon"),
    /** 64-bit Arm scalable vectors. */
    SVE("sve"),
    /** An NVIDIA GPU usable through CUDA. */
    CUDA("cuda"),
    /** An AMD GPU usable through ROCm. */
    ROCM("rocm");

    private final String wire;

    Accelerator(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public long bit() {
        return 1L << ordinal();
    }

    /** The names on the list, in order, as an error message shows them. */
    public static String names() {
        return String.join(", ", List.of(values()).stream().map(Accelerator::wire).toList());
    }

    /**
     * The mask of {@code names}, each looked up on the closed list; a name not on it is refused naming
     * {@code field} and the list. Repeats count once.
     */
    public static long mask(String field, Collection<String> names) {
        long mask = 0;
        for (String name : names) {
            mask |= parse(field, name).bit();
        }
        return mask;
    }

    private static Accelerator parse(String field, String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        for (Accelerator a : values()) {
            if (a.wire.equals(lower)) {
                return a;
            }
        }
        throw PouwException.invalid(field, "'" + name + "' is not an accelerator this node knows; the list is "
                + names());
    }

    /** The names a mask holds, in list order (bits off the list are not shown). */
    public static List<String> namesOf(long mask) {
        List<String> out = new ArrayList<>();
        for (Accelerator a : values()) {
            if ((mask & a.bit()) != 0) {
                out.add(a.wire);
            }
        }
        return out;
    }
}
