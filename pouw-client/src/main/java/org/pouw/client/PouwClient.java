package org.pouw.client;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.pouw.core.Clock;
import org.pouw.crypto.Ed25519;

/**
 * The typed client of a PoUW node's HTTP API v1 (docs/api.md), one object per API area. It speaks as the given key:
 * calls that need a bearer token sign in on first use and again before the token lapses. Calls block and are safe
 * from many (virtual) threads at once. Errors — the node's, or no answer at all — are {@link NodeException}s; an
 * outcome the API expects (a rejected proof, an empty queue) is a value.
 *
 * <pre>{@code
 * try (PouwClient node = new PouwClient(URI.create("http://127.0.0.1:8642"), key, Duration.ofSeconds(30),
 *         Clock.system())) {
 *     IntentCreated created = node.intents().submit(new ProgramIntent(source, List.of("30"), 10_000, "macro", 500));
 *     Intent later = node.intents().get(created.intentId());
 * }
 * }</pre>
 */
public final class PouwClient implements AutoCloseable {
    private final String did;
    private final NodeConnection connection;
    private final AuthApi auth;
    private final IntentsApi intents;
    private final JobsApi jobs;
    private final LedgerApi ledger;
    private final MlApi ml;
    private final SystemApi system;
    private final EventsApi events;
    private final GateApi gate;
    private final ChainApi chain;
    private final NetApi net;
    private final AdminApi admin;

    /**
     * @param node the node's base URL ({@code http://host:port})
     * @param key who this client is: it signs the auth challenges, and transfers and fees are paid from its account
     * @param requestTimeout how long one call may take, connecting included
     * @param clock for token lifetimes and {@code Retry-After} dates
     */
    public PouwClient(URI node, Ed25519.KeyPair key, Duration requestTimeout, Clock clock) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(clock, "clock");
        this.did = key.did().toString();
        // Each needs the other: auth posts through the connection, and the connection signs in through auth when a
        // call first needs a token (by then both exist).
        this.connection = new NodeConnection(node, requestTimeout, clock, this::signInForToken);
        this.auth = new AuthApi(connection, key);
        this.intents = new IntentsApi(connection);
        this.jobs = new JobsApi(connection);
        this.ledger = new LedgerApi(connection);
        this.ml = new MlApi(connection);
        this.system = new SystemApi(connection);
        this.events = new EventsApi(connection.base());
        this.gate = new GateApi(connection);
        this.chain = new ChainApi(connection);
        this.net = new NetApi(connection);
        this.admin = new AdminApi(connection);
    }

    /** This client's identity, the did:key of its key. */
    public String did() {
        return did;
    }

    /** The node's base URL, without a trailing slash. */
    public URI node() {
        return connection.base();
    }

    public AuthApi auth() {
        return auth;
    }

    public IntentsApi intents() {
        return intents;
    }

    public JobsApi jobs() {
        return jobs;
    }

    public LedgerApi ledger() {
        return ledger;
    }

    public MlApi ml() {
        return ml;
    }

    public SystemApi system() {
        return system;
    }

    /** Challenges, work receipts and access tokens. */
    public GateApi gate() {
        return gate;
    }

    /** The chain mined by useful work: its head, blocks, transactions, accounts, tasks and datasets. */
    public ChainApi chain() {
        return chain;
    }

    /** The peer-to-peer network: status, and for the admin key peers and bans. */
    /** The operator's verbs; the client's key must be the node's admin key. */
    public AdminApi admin() {
        return admin;
    }

    public NetApi net() {
        return net;
    }

    public EventsApi events() {
        return events;
    }

    private AuthToken signInForToken() {
        return auth.signIn();
    }

    /** Closes the connections; calls still in flight fail rather than hold up a shutdown. */
    @Override
    public void close() {
        connection.close();
    }
}
