package org.pouw.stark.air.vm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.pouw.vm.Program;

/**
 * Program tables by program hash, so that a node verifying many proofs of one program (every segment of a micro
 * intent, every intent of a popular program) builds and interpolates its table once. Bounded two ways: at most
 * {@code maxPrograms} entries and at most {@code maxSlots} table slots in all (a table of P′ slots holds six arrays of
 * P′ words), least recently used first out; a table larger than the whole budget is built and not kept.
 *
 * <p>The key is the BLAKE3 of the program the caller hands in, computed here, never a hash the caller (or a proof)
 * names: an entry can only ever be the table of the program that hashes to its key.
 */
public final class ProgramTableCache {
    /** The node's and the library verifier's cache: 256 programs, 2^20 slots (about 48 MiB at most). */
    private static final ProgramTableCache SHARED = new ProgramTableCache(256, 1 << 20);

    private final int maxPrograms;
    private final long maxSlots;
    private final LinkedHashMap<String, ProgramTable> tables = new LinkedHashMap<>(16, 0.75f, true);
    private long slots;
    private long builds;

    /** @throws IllegalArgumentException when a bound is below 1 */
    public ProgramTableCache(int maxPrograms, long maxSlots) {
        if (maxPrograms < 1 || maxSlots < 1) {
            throw new IllegalArgumentException("maxPrograms and maxSlots must be at least 1, got " + maxPrograms
                    + " and " + maxSlots);
        }
        this.maxPrograms = maxPrograms;
        this.maxSlots = maxSlots;
    }

    public static ProgramTableCache shared() {
        return SHARED;
    }

    /**
     * The table of {@code program}, built on the first call for its hash.
     *
     * @throws IllegalArgumentException as {@link ProgramTable#of} does, for a program above the stark-mode cap
     */
    public ProgramTable table(Program program) {
        String key = program.hashHex();
        synchronized (this) {
            ProgramTable cached = tables.get(key);
            if (cached != null) {
                return cached;
            }
        }
        // built outside the lock: a large table takes milliseconds, and two threads building one table is harmless
        ProgramTable built = ProgramTable.of(program);
        synchronized (this) {
            builds++;
            ProgramTable raced = tables.get(key);
            if (raced != null) {
                return raced;
            }
            if (built.period() <= maxSlots) {
                tables.put(key, built);
                slots += built.period();
                evict();
            }
            return built;
        }
    }

    private void evict() {
        var oldest = tables.entrySet().iterator();
        while ((tables.size() > maxPrograms || slots > maxSlots) && oldest.hasNext()) {
            Map.Entry<String, ProgramTable> entry = oldest.next();
            slots -= entry.getValue().period();
            oldest.remove();
        }
    }

    /** How many tables are kept now. */
    public synchronized int size() {
        return tables.size();
    }

    /** Table slots kept now, the figure {@code maxSlots} bounds. */
    public synchronized long slots() {
        return slots;
    }

    /** How many tables were built (cache misses) since this cache was made. */
    public synchronized long builds() {
        return builds;
    }
}
