package org.pouw.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.pouw.client.intents.HashChainIntent;
import org.pouw.client.intents.IntentCreated;
import org.pouw.client.intents.IntentList;
import org.pouw.client.intents.IntentToPost;
import org.pouw.client.intents.NodeIntent;
import org.pouw.client.intents.ProgramIntent;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Intents (§5): run a program or a hash chain verifiably and pay for its proofs; look one up; list one's own. */
public final class IntentsApi {
    private final NodeConnection connection;

    IntentsApi(NodeConnection connection) {
        this.connection = connection;
    }

    /** Executes the program on the node (the output comes back at once) and posts its proof jobs. */
    public IntentCreated submit(ProgramIntent intent) {
        return IntentCreated.from(connection.post("/v1/intents", body(intent)));
    }

    /** Posts a hash-chain intent, proven with a STARK. */
    public IntentCreated submit(HashChainIntent intent) {
        return IntentCreated.from(connection.post("/v1/intents", body(intent)));
    }

    /**
     * Posts up to 100 intents in one call ({@code POST /v1/intents/batch}): the node checks and executes each as
     * {@link #submit} would and posts them in one transaction, all or none. A refusal is a {@link NodeException}
     * whose message names the item ({@code intents[2].max_steps: ...}); nothing was posted then. Answers in the order given.
     */
    public List<IntentCreated> submitAll(List<? extends IntentToPost> intents) {
        ObjectNode body = NodeConnection.JSON.createObjectNode();
        ArrayNode items = body.putArray("intents");
        intents.forEach(intent -> items.add(body(intent)));
        List<IntentCreated> created = new ArrayList<>(intents.size());
        connection.post("/v1/intents/batch", body).path("intents")
                .forEach(item -> created.add(IntentCreated.from(item)));
        return created;
    }

    private static ObjectNode body(IntentToPost intent) {
        return switch (intent) {
            case ProgramIntent program -> {
                ObjectNode body = NodeConnection.JSON.createObjectNode().put("program", program.program());
                program.inputs().forEach(body.putArray("inputs")::add);
                yield body.put("max_steps", program.maxSteps()).put("tier", program.tier()).put("fee", program.fee());
            }
            case HashChainIntent chain -> NodeConnection.JSON.createObjectNode().put("kind", "hash-chain")
                    .put("seed", chain.seed()).put("steps", chain.steps()).put("fee", chain.fee());
        };
    }

    /**
     * An intent's status, output and jobs, read signed in: only its requester (or a prover of one of its jobs, or the
     * admin) may; a 404 {@link NodeException} when there is none or the key may not read it.
     */
    public NodeIntent get(String intentId) {
        return NodeIntent.from(connection.getSignedIn("/v1/intents/" + NodeConnection.segment(intentId)));
    }

    /**
     * A page of the caller's own intents, newest first ({@code GET /v1/intents}), read signed in; {@code cursor} is
     * the previous page's {@link IntentList#nextCursor}, null for the first.
     */
    public IntentList mine(int limit, String cursor) {
        return mine(limit, cursor, null);
    }

    /**
     * {@link #mine(int, String)} keeping only the intents with a job of {@code kind} (a job kind such as
     * {@code reexec}; null: any); a kind the node does not run is refused naming {@code kind}.
     */
    public IntentList mine(int limit, String cursor, String kind) {
        return IntentList.from(connection.getSignedIn("/v1/intents?limit=" + limit
                + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8))
                + (kind == null ? "" : "&kind=" + URLEncoder.encode(kind, StandardCharsets.UTF_8))));
    }
}
