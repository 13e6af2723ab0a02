package org.pouw.node.config;

/**
 * The proof backend: {@code reexec} (the verifier re-runs the deterministic trace: honest, not succinct) or
 * {@code stark} (succinct STARK proofs). There is deliberately no mode that accepts results unverified.
 */
public enum ZkMode {
    REEXEC, STARK;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
