package org.pouw.vm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Hex;

/**
 * The states a run went through (ARCHITECTURE.md §7): row 0 is the start state and each executed step appends one
 * row, so a trace of n steps has n + 1 rows. Immutable.
 *
 * <p>The trace also names its program by {@link Program#hash()}, so a trace hash commits to what ran as well as to
 * what happened. {@link #hash()} is BLAKE3 of {@link TraceCodec}'s canonical encoding: the {@code trace_hash} that
 * job ids and blob keys are built from (§5). Rows are kept in one flat array of {@link VmState#WIDTH} columns
 * (pc, r0…r7), which is also how the STARK module wants to read them ({@link #cell}).
 */
public final class Trace {
    /** The most steps one trace may hold; bounds memory (about 72 bytes a row) and every length field. */
    public static final int MAX_STEPS = 1 << 24;
    public static final int MAX_ROWS = MAX_STEPS + 1;

    private final byte[] programHash;
    private final long[] cells;
    private volatile byte[] hash;

    /** Trusted: {@code cells} holds whole rows of valid states and is not shared with anyone. */
    Trace(byte[] programHash, long[] cells) {
        this.programHash = programHash;
        this.cells = cells;
    }

    /**
     * A trace of these rows.
     *
     * @param programHash the 32-byte {@link Program#hash()} of the program that ran
     * @param rows        1 to {@link #MAX_ROWS} states, start state first
     */
    public static Trace of(byte[] programHash, List<VmState> rows) {
        Objects.requireNonNull(programHash, "programHash");
        if (programHash.length != Blake3.LENGTH) {
            throw new IllegalArgumentException("programHash must be " + Blake3.LENGTH + " bytes, got "
                    + programHash.length);
        }
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("a trace has 1 to " + MAX_ROWS + " rows, got " + rows.size());
        }
        long[] cells = new long[rows.size() * VmState.WIDTH];
        for (int row = 0; row < rows.size(); row++) {
            VmState state = rows.get(row);
            cells[row * VmState.WIDTH] = state.pc();
            System.arraycopy(state.registers(), 0, cells, row * VmState.WIDTH + 1, VmState.REGISTERS);
        }
        return new Trace(programHash.clone(), cells);
    }

    public byte[] programHash() {
        return programHash.clone();
    }

    public int rowCount() {
        return cells.length / VmState.WIDTH;
    }

    /** Steps executed: rows − 1. */
    public int steps() {
        return rowCount() - 1;
    }

    public VmState row(int index) {
        Objects.checkIndex(index, rowCount());
        int base = index * VmState.WIDTH;
        return new VmState((int) cells[base], Arrays.copyOfRange(cells, base + 1, base + VmState.WIDTH));
    }

    /**
     * One cell without building a {@link VmState}: column 0 is pc, column 1 + i is register ri.
     */
    public long cell(int row, int column) {
        Objects.checkIndex(row, rowCount());
        Objects.checkIndex(column, VmState.WIDTH);
        return cells[row * VmState.WIDTH + column];
    }

    public VmState initialState() {
        return row(0);
    }

    public VmState finalState() {
        return row(rowCount() - 1);
    }

    /**
     * Rows {@code startRow} … {@code startRow + steps} as a trace of the same program: what re-executing a
     * {@link TraceSegment} must reproduce.
     */
    public Trace slice(int startRow, int steps) {
        if (startRow < 0 || steps < 0 || (long) startRow + steps >= rowCount()) {
            throw new IndexOutOfBoundsException("slice of " + steps + " steps from row " + startRow
                    + " does not fit in " + rowCount() + " rows");
        }
        return new Trace(programHash, Arrays.copyOfRange(cells, startRow * VmState.WIDTH,
                (startRow + steps + 1) * VmState.WIDTH));
    }

    /**
     * Cuts the steps into consecutive segments of {@code segmentSteps} steps each, the last one possibly shorter:
     * ⌈steps / segmentSteps⌉ segments, none for a trace of zero steps. Used to create {@code micro} jobs (§2).
     *
     * @throws IllegalArgumentException if {@code segmentSteps < 1}
     */
    public List<TraceSegment> segments(int segmentSteps) {
        if (segmentSteps < 1) {
            throw new IllegalArgumentException("segmentSteps must be ≥ 1, got " + segmentSteps);
        }
        List<TraceSegment> segments = new ArrayList<>();
        for (int startRow = 0; startRow < steps(); startRow += segmentSteps) {
            int length = Math.min(segmentSteps, steps() - startRow);
            segments.add(new TraceSegment(segments.size(), startRow, length, row(startRow), row(startRow + length)));
        }
        return segments;
    }

    /** The canonical encoding ({@link TraceCodec}). */
    public byte[] encode() {
        return TraceCodec.encode(this);
    }

    /**
     * BLAKE3 of {@link #encode()}, the {@code trace_hash} of §5. Streams the rows into the hasher, so hashing a long
     * trace does not need the encoding in memory at once.
     */
    public byte[] hash() {
        byte[] cached = hash;
        if (cached == null) {
            cached = TraceCodec.hash(this);
            hash = cached; // racy but idempotent: every thread computes the same bytes
        }
        return cached.clone();
    }

    public String hashHex() {
        return Hex.encode(hash());
    }

    /** Raw access for the codec; never handed out. */
    long[] cells() {
        return cells;
    }

    byte[] programHashUnsafe() {
        return programHash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Trace trace && Arrays.equals(programHash, trace.programHash)
                && Arrays.equals(cells, trace.cells);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(programHash) + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return "Trace[program=" + Hex.encode(programHash) + ", rows=" + rowCount() + ", final=" + finalState() + "]";
    }
}
