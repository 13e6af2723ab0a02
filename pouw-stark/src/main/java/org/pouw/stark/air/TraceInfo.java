package org.pouw.stark.air;

/**
 * The shape of an execution trace: {@code width} base-field columns, an optional auxiliary segment of
 * {@code auxWidth} F_p² columns built from {@code auxRandomCount} verifier challenges, and {@code length} rows (a
 * power of two).
 */
public record TraceInfo(int width, int auxWidth, int auxRandomCount, int length) {
    /** Fewer rows leave no room for the FRI remainder and make little sense for any computation. */
    public static final int MIN_LENGTH = 8;
    /** 2^26 rows; the extension domain (rows × blowup) is separately capped at 2^30 points so int indices suffice. */
    public static final int MAX_LENGTH = 1 << 26;
    public static final int MAX_WIDTH = 255;

    public TraceInfo {
        if (width < 1 || width > MAX_WIDTH) {
            throw new IllegalArgumentException("trace width must be in [1, " + MAX_WIDTH + "], got " + width);
        }
        if (auxWidth < 0 || auxWidth > MAX_WIDTH) {
            throw new IllegalArgumentException("aux width must be in [0, " + MAX_WIDTH + "], got " + auxWidth);
        }
        if (auxRandomCount < 0 || auxRandomCount > MAX_WIDTH || (auxWidth > 0) != (auxRandomCount > 0)) {
            throw new IllegalArgumentException("aux random count must be positive exactly when there is an aux segment");
        }
        if (length < MIN_LENGTH || length > MAX_LENGTH || (length & (length - 1)) != 0) {
            throw new IllegalArgumentException("trace length must be a power of two in [" + MIN_LENGTH + ", "
                    + MAX_LENGTH + "], got " + length);
        }
    }

    public static TraceInfo main(int width, int length) {
        return new TraceInfo(width, 0, 0, length);
    }

    public boolean hasAuxSegment() {
        return auxWidth > 0;
    }

    public int lengthLog2() {
        return Integer.numberOfTrailingZeros(length);
    }
}
