package org.pouw.chain.audit;

/** Leaves {@code start … start + width − 1} of a segment (0-based leaf positions) that an audit opens. */
public record AuditWindow(int start, int width) {
    public AuditWindow {
        if (start < 0 || width < 1) {
            throw new IllegalArgumentException("a window starts at >= 0 and is >= 1 wide, got " + start + ", "
                    + width);
        }
    }

    public int end() {
        return start + width;
    }
}
