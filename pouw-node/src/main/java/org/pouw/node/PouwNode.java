package org.pouw.node;

import io.micrometer.core.instrument.FunctionCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.ledger.Payments;
import org.pouw.core.market.JobMarket;
import org.pouw.core.market.MarketObserver;
import org.pouw.core.port.Storage;
import org.pouw.core.work.WorkKind;
import org.pouw.core.work.WorkKinds;
import org.pouw.core.work.WorkProver;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.kinds.hashchain.HashChainIntents;
import org.pouw.kinds.hashchain.HashChainKind;
import org.pouw.kinds.mltrain.MlTrainIntents;
import org.pouw.kinds.mltrain.MlTrainKind;
import org.pouw.kinds.reexec.ProgramExecution;
import org.pouw.kinds.reexec.ReexecKind;
import org.pouw.kinds.vmstark.VmBatchKind;
import org.pouw.kinds.vmstark.VmStarkKind;
import org.pouw.node.auth.LoginChallenges;
import org.pouw.node.auth.TokenSecretFiles;
import org.pouw.node.auth.TokenSecretReload;
import org.pouw.node.auth.Tokens;
import org.pouw.node.chain.ChainOpening;
import org.pouw.node.chain.ChainService;
import org.pouw.node.config.ConfigException;
import org.pouw.node.config.GenesisAllocation;
import org.pouw.node.config.ListenPorts;
import org.pouw.node.config.NodeConfig;
import org.pouw.node.config.PouwMode;
import org.pouw.node.config.ZkMode;
import org.pouw.node.http.ApiContext;
import org.pouw.node.http.ApiServer;
import org.pouw.node.http.UploadSpaceReserve;
import org.pouw.node.http.AuthEndpoints;
import org.pouw.node.http.ChainEndpoints;
import org.pouw.node.http.ConsoleEndpoints;
import org.pouw.node.http.NetEndpoints;
import org.pouw.node.http.PoolEndpoints;
import org.pouw.node.http.OperatorEndpoints;
import org.pouw.node.peers.PeerNetwork;
import org.pouw.node.http.Endpoints;
import org.pouw.node.http.EventSignal;
import org.pouw.node.http.EventStream;
import org.pouw.node.http.GateEndpoints;
import org.pouw.node.gate.GateMetrics;
import org.pouw.node.gate.GateOpening;
import org.pouw.node.gate.GateService;
import org.pouw.node.http.IntentEndpoints;
import org.pouw.node.http.JobEndpoints;
import org.pouw.node.http.MarketEndpoints;
import org.pouw.node.http.MarketStateEndpoint;
import org.pouw.node.http.MarketViews;
import org.pouw.node.http.LedgerEndpoints;
import org.pouw.node.http.LogLevelEndpoints;
import org.pouw.node.logs.AccessLog;
import org.pouw.node.logs.LogLevels;
import org.pouw.node.http.MlEndpoints;
import org.pouw.node.http.MlSweepEndpoints;
import org.pouw.node.http.SweepProgress;
import org.pouw.node.http.RouteTable;
import org.pouw.node.http.Drain;
import org.pouw.node.http.SystemEndpoints;
import org.pouw.node.http.TrainingProgressEndpoints;
import org.pouw.node.intents.BatchFormer;
import org.pouw.node.intents.IntentService;
import org.pouw.node.metrics.NodeMetrics;
import org.pouw.node.net.ChainNetwork;
import org.pouw.node.pool.LeaseReaper;
import org.pouw.node.pool.NewWorkSignal;
import org.pouw.node.pool.OwnWorkers;
import org.pouw.node.ratelimit.RateLimitOpening;
import org.pouw.worker.Worker;

/**
 * A running node: storage, the market, the HTTP API, the reaper and (in {@code local} mode) the worker pool, wired
 * from one {@link NodeConfig}. {@link #close} stops them in reverse order.
 */
public final class PouwNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PouwNode.class.getName());

    private final NodeConfig config;
    private final Storage storage;
    private final JobMarket market;
    private final ApiServer server;
    private final EventStream events;
    private final NetEndpoints netEvents;
    private final LeaseReaper reaper;
    /** Follows open hyperparameter sweeps to their end and final retrain. */
    private final SweepProgress sweeps;
    /** Forms batches of full intents; null unless zk_mode = stark. */
    private final BatchFormer batcher;
    private final Worker pool;
    private final Ed25519.KeyPair adminKey;
    private final GateService gate;
    private final ChainService chain;
    private final PeerNetwork network;
    private final ChainNetwork chainNetwork;
    private final RateLimitOpening.Opened limits;
    private final Drain drain;

    private PouwNode(NodeConfig config, Storage storage, JobMarket market, ApiServer server, EventStream events,
                     NetEndpoints netEvents, LeaseReaper reaper, SweepProgress sweeps, BatchFormer batcher, Worker pool, Ed25519.KeyPair adminKey, GateService gate, ChainService chain,
                     PeerNetwork network, ChainNetwork chainNetwork, RateLimitOpening.Opened limits, Drain drain) {
        this.limits = limits;
        this.drain = drain;
        this.chainNetwork = chainNetwork;
        this.config = config;
        this.storage = storage;
        this.market = market;
        this.server = server;
        this.events = events;
        this.netEvents = netEvents;
        this.reaper = reaper;
        this.sweeps = sweeps;
        this.batcher = batcher;
        this.pool = pool;
        this.adminKey = adminKey;
        this.gate = gate;
        this.chain = chain;
        this.network = network;
    }

    public static PouwNode start(NodeConfig config, Clock clock) {
        ListenPorts.requireFree(config);
        requireSharedTokenSecret(config);
        try {
            Files.createDirectories(config.dataDir());
            Ed25519.KeyPair adminKey = KeyFile.loadOrCreate(config.adminKeyPath());
            byte[] secret = Tokens.loadOrCreateSecret(config.tokenSecretPath());
            byte[] accepted = TokenSecretFiles.of(config).readAccepted();
            return start(config, clock, adminKey, new Tokens(secret, accepted, clock, config.tokenTtlMs()),
                    new LoginChallenges(secret, accepted, clock, config.challengeTtlMs()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare data folder " + config.dataDir(), e);
        }
    }

    /**
     * Nodes on one PostgreSQL database serve the same users, so they must hold the same token secret: a node that
     * made its own would sign tokens the others refuse, and behind a load balancer sign-ins would fail at random.
     * So on PostgreSQL the secret is the operator's to create once and hand to every node, never the node's.
     */
    private static void requireSharedTokenSecret(NodeConfig config) {
        Path secret = config.tokenSecretPath();
        if (config.storageBackend().equals("postgresql") && !Files.exists(secret)) {
            throw new ConfigException("auth.token_secret_file: " + secret + " does not exist. Nodes on one"
                    + " PostgreSQL database share one token secret, so none creates its own: make it once"
                    + " (head -c 32 /dev/urandom > token.secret) and give every node the same file");
        }
    }

    private static PouwNode start(NodeConfig config, Clock clock, Ed25519.KeyPair adminKey, Tokens tokens,
                                  LoginChallenges challenges) {
        ReexecKind reexec = new ReexecKind();
        HashChainKind hashChain = new HashChainKind();
        MlTrainKind training = new MlTrainKind();
        VmStarkKind vmStark = new VmStarkKind();
        VmBatchKind vmBatch = new VmBatchKind();
        List<WorkKind> kinds = List.of(reexec, hashChain, training, vmStark, vmBatch);
        List<WorkProver> provers = List.of(reexec, hashChain, training, vmStark, vmBatch);
        String nodeDid = adminKey.did().toString();

        Storage storage = StorageOpening.open(config);
        NodeMetrics metrics = new NodeMetrics(storage, kinds.stream().map(WorkKind::name).toList());
        EventSignal signal = new EventSignal();
        List<MarketObserver> observers = new ArrayList<>(List.of(metrics, signal));
        NewWorkSignal newWork = new NewWorkSignal();
        observers.add(newWork);
        JobMarket market = new JobMarket(storage, clock, new WorkKinds(kinds), config.market(),
                MarketObserver.all(observers));
        OwnWorkers ownWorkers = new OwnWorkers(market, provers, nodeDid, clock);
        metrics.quarantinedProvers(market::quarantinedProvers);
        MarketViews marketViews = new MarketViews(market, clock);
        metrics.marketState(() -> marketViews.of(MarketViews.DEFAULT_WINDOW_MS));

        Payments payments = new Payments(storage, clock);
        for (GenesisAllocation allocation : config.genesis()) {
            payments.allocateGenesis(allocation.account(), allocation.amount(), "config");
        }
        IntentService intents = new IntentService(market, new ProgramExecution(storage.blobs()),
                new HashChainIntents(storage.blobs(), config.maxChainSteps()),
                new MlTrainIntents(storage.blobs(), training, config.ml().maxSteps(), config.ml().audits(),
                        config.ml().missedTargetRewardPercent()), config.mode(), config.zkMode(),
                config.segmentSteps(), config.maxSteps(), config.batches().stepBudget(), ownWorkers);
        GateService gate = null;
        if (config.gate().enabled()) {
            try {
                gate = GateOpening.open(config, storage, clock, metrics.registry());
            } catch (RuntimeException refused) {
                storage.close();
                throw refused;
            }
        }
        ChainService chain = null;
        if (config.chain().enabled()) {
            try {
                chain = ChainOpening.open(config, storage, clock, metrics.registry(), signal);
            } catch (RuntimeException refused) {
                if (gate != null) {
                    gate.close();
                }
                storage.close();
                throw refused;
            }
        }
        PeerNetwork network = null;
        ChainNetwork chainNetwork = null;
        if (config.p2p().enabled()) {
            try {
                network = PeerNetwork.open(config.p2p(), storage, adminKey, chain, metrics.registry());
                if (chain != null) {
                    chainNetwork = ChainNetwork.start(network, chain, metrics.registry(),
                            config.p2p().compactBlocks(), config.p2p().compactHighBandwidthPeers());
                }
            } catch (RuntimeException refused) {
                if (network != null) {
                    network.close();
                }
                if (chain != null) {
                    chain.close();
                }
                if (gate != null) {
                    gate.close();
                }
                storage.close();
                throw refused;
            }
        }
        GateService openedGate = gate;
        java.util.function.Supplier<String> poolState = () -> poolClientState(openedGate);
        Drain drain = new Drain();
        EventStream events = new EventStream(storage, signal);
        NetEndpoints netEndpoints = new NetEndpoints(network, chainNetwork);
        List<Endpoints> endpoints = new ArrayList<>(List.of(
                new AuthEndpoints(challenges, tokens, storage, clock),
                new IntentEndpoints(intents, storage, market),
                new MlEndpoints(intents, storage),
                new MlSweepEndpoints(intents, storage, market.cancellations(), signal, clock),
                new JobEndpoints(market, config.mode()),
                new TrainingProgressEndpoints(market.trainingProgress()),
                new MarketEndpoints(market),
                new MarketStateEndpoint(market, marketViews),
                new LedgerEndpoints(payments, storage),
                new SystemEndpoints(config, storage, market.kinds(), metrics.registry(), clock, nodeDid,
                        poolState, drain),
                new ChainEndpoints(chain),
                new OperatorEndpoints(market.operator(), tokens,
                        new TokenSecretReload(TokenSecretFiles.of(config), tokens, challenges)),
                netEndpoints,
                new PoolEndpoints(gate == null ? Optional.empty()
                        : gate.poolClient().map(client -> client.statusRelay())),
                new LogLevelEndpoints(new LogLevels()),
                events));
        if (config.consoleEnabled()) {
            endpoints.add(new ConsoleEndpoints());
        }
        if (gate != null) {
            endpoints.add(new GateEndpoints(gate, new GateMetrics(metrics.registry(), gate.redemptions())));
        }
        RateLimitOpening.Opened limits;
        try {
            limits = RateLimitOpening.open(config.rateLimits(), clock, metrics.registry());
        } catch (RuntimeException refused) {
            if (gate != null) {
                gate.close();
            }
            if (chain != null) {
                chain.close();
            }
            storage.close();
            throw refused;
        }
        UploadSpaceReserve uploadReserve = new UploadSpaceReserve(config.dataDir(),
                config.uploadFreeSpaceReserveMb());
        FunctionCounter.builder("pouw_upload_reserve_refusals", uploadReserve, UploadSpaceReserve::refusals)
                .description("uploads refused with 503 storage_full because they would leave less free space on the"
                        + " data directory's file system than storage.upload_free_space_reserve_mb")
                .register(metrics.registry());
        ApiServer server = new ApiServer(config.httpHost(), config.httpPort(),
                new ApiContext(tokens, nodeDid, config.maxBodyBytes(), config.maxUploadBytes(), uploadReserve,
                        Optional.ofNullable(gate).map(GateService::accessTokenVerifier), clock), endpoints, metrics, storage::isReachable,
                limits.limiter(), config.httpLimits(), new AccessLog(config.logs().accessSampleEvery()));
        LeaseReaper reaper = new LeaseReaper(market);
        BatchFormer batcher = config.zkMode() == ZkMode.STARK
                ? new BatchFormer(market, storage.blobs(), config.batches(), clock) : null;
        server.start();
        reaper.start(config.reaperIntervalMs());
        SweepProgress sweeps = SweepProgress.start(storage, intents, signal, clock);
        if (batcher != null) {
            batcher.start();
        }
        Worker pool = config.mode() == PouwMode.LOCAL && config.localWorkers() > 0
                ? ownWorkers.startPool(config.localWorkers(), newWork)
                : null;
        return new PouwNode(config, storage, market, server, events, netEndpoints, reaper, sweeps, batcher, pool, adminKey, gate, chain, network,
                chainNetwork, limits, drain);
    }

    private static String poolClientState(GateService gate) {
        return gate == null ? "off" : gate.poolClient()
                .map(client -> client.available() ? "available" : "unavailable").orElse("off");
    }

    public int port() {
        return server.port();
    }

    public String url() {
        return "http://" + config.httpHost() + ":" + port();
    }

    public NodeConfig config() {
        return config;
    }

    public JobMarket market() {
        return market;
    }

    public Storage storage() {
        return storage;
    }

    public List<RouteTable.Route> routes() {
        return server.routes();
    }

    public Ed25519.KeyPair adminKey() {
        return adminKey;
    }

    /** The node's chain, or empty when {@code chain.enabled} is false. */
    public java.util.Optional<ChainService> chain() {
        return java.util.Optional.ofNullable(chain);
    }

    /** The node's place in the peer-to-peer network, or empty when {@code p2p.enabled} is false. */
    public java.util.Optional<PeerNetwork> network() {
        return java.util.Optional.ofNullable(network);
    }

    /** The node's chain on the peer-to-peer network (sync and relay), or empty without both p2p and the chain. */
    public java.util.Optional<ChainNetwork> chainNetwork() {
        return java.util.Optional.ofNullable(chainNetwork);
    }

    public Path dataDir() {
        return config.dataDir();
    }

    /**
     * Stops the node. With {@code http.drain_ms} set it drains first: {@code /readyz} says {@code draining} while
     * every request is still served, so a load balancer stops sending before the port closes.
     */
    @Override
    public void close() {
        long drainMs = config.httpLimits().drainMs();
        if (drainMs > 0) {
            drain.begin();
            LOG.log(System.Logger.Level.INFO, "draining for {0} ms before the server stops", drainMs);
            try {
                Thread.sleep(drainMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pool != null) {
            pool.stop();
        }
        reaper.close();
        sweeps.close();
        if (batcher != null) {
            batcher.close();
        }
        events.close();
        netEvents.close();
        server.stop();
        limits.close();
        if (gate != null) {
            gate.close();
        }
        if (chainNetwork != null) {
            chainNetwork.close();
        }
        if (network != null) {
            network.close();
        }
        if (chain != null) {
            chain.close();
        }
        storage.close();
    }
}
