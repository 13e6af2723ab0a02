package org.pouw.client;

import org.pouw.client.intents.HashChainIntent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.NodeIntent;
import org.pouw.client.intents.ProgramIntent;
import tools.jackson.databind.node.ObjectNode;

/** Intents (§5): run a program or a hash chain verifiably and pay for its proofs; look one up. */
public final class IntentsApi {
    private final NodeConnection connection;

    IntentsApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Executes the program on the node (the output comes back at once) and posts its proof jobs. */
    public IntentCreated submit(ProgramIntent intent) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("program", intent.program());
        intent.inputs().forEach(body.putArray("inputs")::add);
        body.put("max_steps", intent.maxSteps()).put("tier", intent.tier()).put("fee", intent.fee());
        return IntentCreated.from(connection.post("/v1/intents", body));
    }

    /** Posts a hash-chain intent, proven with a STARK. */
    public IntentCreated submit(HashChainIntent intent) {
        ObjectNode body = NodeConnection.JSON.createObjectNode().put("kind", "hash-chain")
                .put("seed", intent.seed()).put("steps", intent.steps()).put("fee", intent.fee());
        return IntentCreated.from(connection.post("/v1/intents", body));
    }

    /**
     * An intent's status, output and jobs, read signed in: only its requester (or a prover of one of its jobs, or the
     * admin) may; a 404 {@link NodeException} when there is none or the key may not read it.
     */
    public NodeIntent get(String intentId) {
        return NodeIntent.from(connection.getSignedIn("/v1/intents/" + NodeConnection.segment(intentId)));
    }
}
