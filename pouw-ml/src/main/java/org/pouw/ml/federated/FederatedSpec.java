package org.pouw.ml.federated;

import org.pouw.ml.InvalidSpecException;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * How a task is trained federated: {@code clients} workers each train {@code localSteps} steps per round on their
 * shard, from the current global model; the node combines their updates with {@code rule}; {@code rounds} rounds.
 */
public record FederatedSpec(AggregationRule rule, int clients, int localSteps, int rounds) {
    public FederatedSpec {
        InvalidSpecException.require(rule != null, "aggregation rule", "set", null);
        InvalidSpecException.require(clients >= Math.max(1, rule.minimumUpdates()) && clients <= 4096, "clients",
                "in [" + Math.max(1, rule.minimumUpdates()) + ", 4096] for " + rule, clients);
        InvalidSpecException.require(localSteps >= 1 && localSteps <= 1 << 20, "local steps", "in [1, 2^20]", localSteps);
        InvalidSpecException.require(rounds >= 1 && rounds <= 1 << 20, "rounds", "in [1, 2^20]", rounds);
    }

    public byte[] encode() {
        CanonicalWriter out = new CanonicalWriter(32);
        rule.encodeTo(out);
        return out.i32(clients).i32(localSteps).i32(rounds).toByteArray();
    }

    public static FederatedSpec decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        AggregationRule rule = AggregationRule.decode(in);
        int clients = in.i32("clients");
        int localSteps = in.i32("local steps");
        int rounds = in.i32("rounds");
        in.requireEnd("federated spec");
        try {
            return new FederatedSpec(rule, clients, localSteps, rounds);
        } catch (InvalidSpecException e) {
            throw new EncodingException("federated spec: " + e.getMessage());
        }
    }
}
