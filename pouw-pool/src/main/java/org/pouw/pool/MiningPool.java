package org.pouw.pool;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.core.Clock;
import org.pouw.core.pool.PoolShareLedger;
import org.pouw.crypto.Ed25519;
import org.pouw.pool.attest.ShareAttestor;
import org.pouw.pool.http.PoolHttpServer;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareValidator;

/**
 * One running pool process (issue 23): the share check with vardiff and reputation, the accounting ledger (pruned
 * once a minute), the attestor and the HTTP transport, wired once.
 */
public final class MiningPool implements AutoCloseable {
    private final PoolHttpServer http;
    private final Ed25519.KeyPair key;
    private final ScheduledExecutorService pruner;

    private MiningPool(PoolHttpServer http, Ed25519.KeyPair key, ScheduledExecutorService pruner) {
        this.http = http;
        this.key = key;
        this.pruner = pruner;
    }

    /** @param ledger the accounting store: in memory for a pool on its own, SQL for restarts and several processes */
    public static MiningPool start(PoolSettings settings, Ed25519.KeyPair poolKey, PoolShareLedger ledger,
            Clock clock) throws IOException {
        Miners miners = new Miners(VardiffSettings.defaults(settings.minDifficulty()), ReputationSettings.defaults(),
                clock);
        ShareValidator validator = new ShareValidator(settings.challengePublicKey(), clock, settings.skewMs(),
                miners, ledger, settings.name());
        ShareAttestor attestor = new ShareAttestor(poolKey, settings.name(), settings.kid(), settings.audience(),
                clock, settings.attestationTtlMs(), new java.security.SecureRandom());
        PoolHttpServer http = new PoolHttpServer(new InetSocketAddress(settings.bindHost(), settings.port()),
                validator, attestor, poolKey.publicKey(), clock, new PoolMetrics(miners, clock));
        http.start();
        ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("pool-ledger-prune").factory());
        pruner.scheduleWithFixedDelay(() -> {
            try {
                ledger.prune(clock.millis());
            } catch (RuntimeException e) {
                // The store is down: the next round prunes; shares are refused 503 meanwhile, not lost.
                System.err.println("pool: pruning the share ledger failed: " + e.getMessage());
            }
        }, 1, 1, TimeUnit.MINUTES);
        return new MiningPool(http, poolKey, pruner);
    }

    public int httpPort() {
        return http.port();
    }

    public byte[] publicKey() {
        return key.publicKey();
    }

    @Override
    public void close() {
        pruner.shutdownNow();
        http.close();
    }
}
