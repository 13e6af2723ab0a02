package org.pouw.stark.field;

/**
 * An element of the extension field every verifier challenge is drawn from: {@link Fp2} (F_p[u]/(u² − 7)) or
 * {@link Fp3} (F_p[x]/(x³ − x − 1)), as the proof's {@link ExtensionField} says. Protocol code (transcript,
 * out-of-domain frame, DEEP, FRI, the verifier) handles challenges through this interface so one implementation
 * serves both degrees; operands must come from the same field (mixing them is a bug and throws).
 */
public sealed interface Ext permits Fp2, Fp3 {
    ExtensionField field();

    /** Coefficient i of the element in the basis 1, u, u², …; i &lt; degree. */
    long coefficient(int i);

    /** The coefficients, lowest first (a fresh array of length degree). */
    long[] coefficients();

    long c0();

    boolean isZero();

    /** True when the element lies in the base field (all but the constant coefficient are zero). */
    boolean isBase();

    Ext add(Ext other);

    Ext sub(Ext other);

    Ext mul(Ext other);

    Ext neg();

    Ext add(long base);

    Ext sub(long base);

    Ext mul(long base);

    Ext square();

    Ext pow(long exponent);

    /** @throws ArithmeticException for zero */
    Ext inverse();
}
