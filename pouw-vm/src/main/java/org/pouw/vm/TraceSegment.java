package org.pouw.vm;

import java.util.Objects;

/**
 * A contiguous piece of a trace: the unit of work of a {@code micro} job (ARCHITECTURE.md §2).
 *
 * <p>The segment covers rows {@code startRow} … {@code startRow + steps} of its trace (steps + 1 rows; neighbouring
 * segments share their boundary row), so {@code end} of segment i is {@code start} of segment i + 1. Re-executing
 * {@code steps} steps from {@code start} with {@link Interpreter#runFrom} must reproduce exactly
 * {@link Trace#slice(int, int) trace.slice(startRow, steps)}.
 *
 * @param index    position of this segment in {@link Trace#segments(int)}, from 0
 * @param startRow trace row index of {@code start}
 * @param steps    steps covered, at least 1
 * @param start    state at row {@code startRow}
 * @param end      state at row {@code startRow + steps}
 */
public record TraceSegment(int index, int startRow, int steps, VmState start, VmState end) {
    public TraceSegment {
        if (index < 0 || startRow < 0 || steps < 1) {
            throw new IllegalArgumentException("segment needs index ≥ 0, startRow ≥ 0, steps ≥ 1; got " + index
                    + ", " + startRow + ", " + steps);
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Row index of {@code end}. */
    public int endRow() {
        return startRow + steps;
    }
}
