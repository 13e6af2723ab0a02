package org.pouw.stark;

import org.pouw.stark.air.Air;
import org.pouw.stark.air.fibonacci.FibonacciAir;
import org.pouw.stark.air.hashchain.HashChainAir;
import org.pouw.stark.air.hashchain.HashChainStatement;

/** The AIRs a proof can name, rebuilt from the proof's AIR id and public inputs. */
final class KnownAirs {
    /** An AIR and the statement to report when its proof is valid. */
    record Resolved(Air air, Object statement) {
    }

    private KnownAirs() {
    }

    /**
     * @return null when the id is unknown
     * @throws IllegalArgumentException when the public inputs do not decode into a statement for that AIR
     */
    static Resolved resolve(int airId, byte[] publicInputs) {
        return switch (airId) {
            case FibonacciAir.AIR_ID -> {
                FibonacciAir air = FibonacciAir.fromPublicInputs(publicInputs);
                yield new Resolved(air, air);
            }
            case HashChainAir.AIR_ID -> {
                HashChainStatement statement = HashChainStatement.decode(publicInputs);
                yield new Resolved(new HashChainAir(statement), statement);
            }
            default -> null;
        };
    }
}
