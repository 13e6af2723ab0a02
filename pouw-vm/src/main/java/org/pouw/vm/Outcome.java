package org.pouw.vm;

/** How a bounded run ended. Each is an expected result, not an error (STYLE.md: outcomes are values). */
public enum Outcome {
    /** A {@code halt} executed; the registers at that point are the output. */
    HALTED,
    /** The step bound was reached before a {@code halt}. */
    OUT_OF_STEPS,
    /** The pc left the program: a jump to the end, or falling through the last instruction. */
    FAULT
}
