package org.pouw.cli;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.pouw.core.Clock;
import org.pouw.core.pool.InMemoryPoolShareLedger;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.pool.MiningPool;
import org.pouw.pool.NodeGateKeys;
import org.pouw.pool.NodeShareChallenges;
import org.pouw.pool.PoolSettings;
import org.pouw.pool.http.PoolStatusReader;
import org.pouw.pool.stratum.StratumSettings;
import org.pouw.pool.stratum.StratumTls;
import org.pouw.store.PoolStores;
import org.pouw.store.StorageConfig;
import org.pouw.store.StorageFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code pouw pool start}: the mining pool process beside a node (issue 23; docs/pool.md); {@code pouw pool status}
 * and {@code pouw pool miners} read a running one (§6).
 */
@Command(name = "pool", description = "Run a mining pool that attests miners' shares for a node, or read one.",
        subcommands = {PoolCommand.Start.class, PoolCommand.Status.class, PoolCommand.MinerList.class})
final class PoolCommand {
    /** The pool to read, and how to print it. */
    static final class ReadOptions {
        @Option(names = "--pool", defaultValue = "${env:POUW_POOL:-http://127.0.0.1:3334}", paramLabel = "URL",
                description = "the pool's HTTP address (env POUW_POOL; default ${DEFAULT-VALUE})")
        URI pool;

        @Option(names = "--json", description = "print the pool's JSON as it is")
        boolean json;
    }

    @Command(name = "status", description = "A running pool's shares, active miners and hash-rate estimate.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ReadOptions options = new ReadOptions();

        @Override
        public Integer call() {
            tools.jackson.databind.JsonNode status;
            try {
                status = new PoolStatusReader(options.pool).status();
            } catch (java.io.IOException | InterruptedException e) {
                System.err.println("pouw pool status: " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            }
            if (options.json) {
                System.out.println(status);
                return ExitCodes.OK;
            }
            System.out.println("pool            " + status.path("pool").asString() + " (audience "
                    + status.path("audience").asString() + ")");
            System.out.println("uptime          " + status.path("uptime_ms").asLong() / 1000 + " s");
            System.out.println("miners          " + status.path("miners_active").asLong() + " active in 10 min, "
                    + status.path("miners_known").asLong() + " known");
            System.out.println("shares accepted " + status.path("shares_accepted").asLong());
            StringBuilder rejected = new StringBuilder();
            status.path("shares_rejected").properties().forEach(e -> rejected.append(rejected.isEmpty() ? "" : ", ")
                    .append(e.getKey()).append(' ').append(e.getValue().asLong()));
            System.out.println("shares rejected " + (rejected.isEmpty() ? "none" : rejected));
            System.out.printf(java.util.Locale.ROOT, "hash rate       %.1f expected hashes/s (last minute)%n",
                    status.path("hashrate_estimate").asDouble());
            tools.jackson.databind.JsonNode difficulty = status.path("difficulty");
            if (difficulty.isObject()) {
                System.out.println("difficulty      p50 " + difficulty.path("p50").asLong() + ", p99 "
                        + difficulty.path("p99").asLong() + ", max " + difficulty.path("max").asLong()
                        + " (credited, last " + difficulty.path("shares").asLong() + " shares)");
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "miners", description = "A running pool's recently active miners, newest first.")
    static final class MinerList implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ReadOptions options = new ReadOptions();

        @Option(names = "--limit", defaultValue = "100", description = "at most this many, 1…1000 (default "
                + "${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 1000) {
                System.err.println("pouw pool miners: --limit must be 1…1000, got " + limit);
                return ExitCodes.USAGE;
            }
            tools.jackson.databind.JsonNode miners;
            try {
                miners = new PoolStatusReader(options.pool).miners(limit);
            } catch (java.io.IOException | InterruptedException e) {
                System.err.println("pouw pool miners: " + e.getMessage());
                return ExitCodes.UNREACHABLE;
            }
            if (options.json) {
                System.out.println(miners);
                return ExitCodes.OK;
            }
            System.out.printf(java.util.Locale.ROOT, "%-60s %12s %10s %9s %14s%n", "MINER", "DIFFICULTY",
                    "REPUTATION", "PROBATION", "LAST SHARE MS");
            for (tools.jackson.databind.JsonNode miner : miners.path("miners")) {
                System.out.printf(java.util.Locale.ROOT, "%-60s %12d %10s %9s %14d%n", miner.path("miner").asString(),
                        miner.path("difficulty").asLong(), miner.path("miner_reputation").asString("-"),
                        miner.path("probation").asString("-"), miner.path("last_share_at_ms").asLong());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "start", description = "Start the pool's HTTP share endpoint; runs until stopped (SIGTERM).",
            defaultValueProvider = OptionFileDefaults.class)
    static final class Start implements Callable<Integer> {
        @Option(names = "--config", paramLabel = "FILE", description = "a TOML file of these options without their"
                + " dashes (pouw config init --template pool); flags given here win over it")
        Path config;

        @Option(names = "--node", required = true, paramLabel = "URL", defaultValue = "${env:POUW_NODE}",
                description = "the node whose share challenges the pool checks (env POUW_NODE); its challenge key "
                        + "and audience are read once at start")
        String node;

        @Option(names = "--key", required = true, paramLabel = "FILE",
                description = "the pool's signing key file, created on first start; the node trusts its public key "
                        + "(pools.trusted)")
        Path key;

        @Option(names = "--name", defaultValue = "pool-1", description = "the pool's id in the node's pools.trusted "
                + "(default ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--kid", defaultValue = "", description = "the key id the pool's attestations name, for "
                + "rotating its key at the node (pools.trusted <name>/<kid>=…; default: none)")
        String kid;

        @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to listen on (default "
                + "${DEFAULT-VALUE}: loopback only)")
        String bind;

        @Option(names = "--port", defaultValue = "3334", description = "HTTP port (default ${DEFAULT-VALUE}; 0 for "
                + "any free one)")
        int port;

        @Option(names = "--min-difficulty", defaultValue = "1", description = "the pool's floor in expected hashes; "
                + "the node's own minimum applies on top (default ${DEFAULT-VALUE})")
        long minDifficulty;

        @Option(names = "--attestation-ttl-ms", defaultValue = "300000", description = "how long a miner may "
                + "present an attestation at the node, at most 600000 (default ${DEFAULT-VALUE})")
        long attestationTtlMs;

        @Option(names = "--stratum-port", defaultValue = "-1", description = "Stratum V1 plaintext port, loopback "
                + "only (0 for any free one; default ${DEFAULT-VALUE}: none)")
        int stratumPort;

        @Option(names = "--stratum-tls-port", defaultValue = "-1", description = "Stratum V1 over TLS, for miners "
                + "on other machines (0 for any free one; default ${DEFAULT-VALUE}: none)")
        int stratumTlsPort;

        @Option(names = "--stratum-tls-keystore", paramLabel = "FILE", description = "PKCS#12 key store with the "
                + "Stratum TLS port's certificate and key")
        Path stratumTlsKeystore;

        @Option(names = "--stratum-tls-password-file", paramLabel = "FILE", description = "a file holding the key "
                + "store's password (never on the command line)")
        Path stratumTlsPasswordFile;

        @Option(names = "--stratum-plaintext-beyond-loopback", description = "let the plaintext Stratum port listen "
                + "on --bind though it is not loopback: anyone on the path can read and rewrite those connections")
        boolean stratumPlaintextBeyondLoopback;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "count shares in SQLite in this folder, so a "
                + "restart still knows them (default: in memory)")
        Path dataDir;

        @Option(names = "--postgres-url", paramLabel = "JDBC_URL", description = "count shares in PostgreSQL "
                + "(jdbc:postgresql:…), shared by every pool process on it")
        String postgresUrl;

        @Option(names = "--postgres-user", paramLabel = "USER", description = "the PostgreSQL user")
        String postgresUser;

        @Option(names = "--postgres-password-file", paramLabel = "FILE", description = "a file holding the "
                + "PostgreSQL password (never on the command line)")
        Path postgresPasswordFile;

        @Override
        public Integer call() throws Exception {
            if (dataDir != null && postgresUrl != null) {
                throw new IllegalArgumentException("--data-dir and --postgres-url name two share ledgers; give one");
            }
            Ed25519.KeyPair poolKey = KeyFile.loadOrCreate(key);
            NodeGateKeys keys = NodeGateKeys.fetch(URI.create(node), poolKey, Clock.system());
            PoolSettings settings = new PoolSettings(name, keys.audience(), bind, port, keys.challengePublicKey(),
                    minDifficulty, attestationTtlMs, 5_000, kid);
            Storage storage = openStorage();
            PoolShareLedger ledger = storage == null ? new InMemoryPoolShareLedger() : PoolStores.shareLedger(storage);
            StratumSettings stratum = stratumSettings();
            NodeShareChallenges challenges = stratum == null ? null
                    : new NodeShareChallenges(URI.create(node), poolKey, Clock.system());
            MiningPool pool = MiningPool.start(settings, poolKey, ledger, Clock.system(), stratum, challenges);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                pool.close();
                if (storage != null) {
                    storage.close();
                }
                stopped.countDown();
            }));
            System.out.println("pool " + name + " listening on http://" + bind + ":" + pool.httpPort()
                    + " for audience " + keys.audience());
            if (pool.stratumPort() >= 0) {
                System.out.println("stratum on stratum+tcp://" + bind + ":" + pool.stratumPort());
            }
            if (pool.stratumTlsPort() >= 0) {
                System.out.println("stratum over TLS on stratum+ssl://" + bind + ":" + pool.stratumTlsPort());
            }
            System.out.println("trust it at the node with: pools.trusted=" + name + (kid.isEmpty() ? "" : "/" + kid)
                    + "="
                    + HexFormat.of().formatHex(pool.publicKey()));
            System.out.flush();
            stopped.await();
            return ExitCodes.OK;
        }

        private StratumSettings stratumSettings() throws java.io.IOException {
            if (stratumPort < 0 && stratumTlsPort < 0) {
                return null;
            }
            javax.net.ssl.SSLContext tls = null;
            if (stratumTlsPort >= 0) {
                if (stratumTlsKeystore == null || stratumTlsPasswordFile == null) {
                    throw new IllegalArgumentException("--stratum-tls-port needs --stratum-tls-keystore and "
                            + "--stratum-tls-password-file");
                }
                tls = StratumTls.fromPkcs12(stratumTlsKeystore, Files.readString(stratumTlsPasswordFile,
                        StandardCharsets.UTF_8).strip().toCharArray());
            }
            return StratumSettings.of(bind, stratumPort, stratumTlsPort, tls, stratumPlaintextBeyondLoopback);
        }

        private Storage openStorage() throws java.io.IOException {
            if (dataDir != null) {
                return StorageFactory.open(StorageConfig.sqlite(dataDir));
            }
            if (postgresUrl != null) {
                String password = postgresPasswordFile == null ? ""
                        : Files.readString(postgresPasswordFile, StandardCharsets.UTF_8).strip();
                return StorageFactory.open(StorageConfig.postgresql(postgresUrl, postgresUser, password, 4));
            }
            return null;
        }
    }
}
