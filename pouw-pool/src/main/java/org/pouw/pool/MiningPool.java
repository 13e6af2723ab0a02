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
import org.pouw.pool.ledger.GroupCommitLedger;
import org.pouw.pool.metrics.PoolMetrics;
import org.pouw.pool.miner.Miners;
import org.pouw.pool.miner.ReputationSettings;
import org.pouw.pool.miner.VardiffSettings;
import org.pouw.pool.share.ShareValidator;
import org.pouw.pool.stratum.ShareChallengeSource;
import org.pouw.pool.stratum.StratumServer;
import org.pouw.pool.stratum.StratumSettings;

/**
 * One running pool process (issue 23): the share check with vardiff and reputation, the accounting ledger (pruned
 * once a minute), the attestor, the HTTP transport and, when asked for, the Stratum V1 endpoint, wired once.
 */
public final class MiningPool implements AutoCloseable {
    private final PoolHttpServer http;
    private final StratumServer stratum;
    private final GroupCommitLedger ledger;
    private final Ed25519.KeyPair key;
    private final ScheduledExecutorService pruner;

    private MiningPool(PoolHttpServer http, StratumServer stratum, GroupCommitLedger ledger, Ed25519.KeyPair key,
            ScheduledExecutorService pruner) {
        this.http = http;
        this.stratum = stratum;
        this.ledger = ledger;
        this.key = key;
        this.pruner = pruner;
    }

    /** @param ledger the accounting store: in memory for a pool on its own, SQL for restarts and several processes */
    public static MiningPool start(PoolSettings settings, Ed25519.KeyPair poolKey, PoolShareLedger ledger,
            Clock clock) throws IOException {
        return start(settings, poolKey, ledger, clock, null, null);
    }

    /**
     * @param stratum    the Stratum V1 endpoint's ports and limits, or null for HTTP only
     * @param challenges where Stratum jobs' share challenges come from (the node); needed with {@code stratum}
     */
    public static MiningPool start(PoolSettings settings, Ed25519.KeyPair poolKey, PoolShareLedger ledger,
            Clock clock, StratumSettings stratum, ShareChallengeSource challenges) throws IOException {
        // Concurrent shares share one commit (one flush) instead of one each; each is still acknowledged after it.
        GroupCommitLedger grouped = new GroupCommitLedger(ledger);
        Miners miners = new Miners(VardiffSettings.defaults(settings.minDifficulty()), ReputationSettings.defaults(),
                clock);
        ShareValidator validator = new ShareValidator(settings.challengePublicKey(), clock, settings.skewMs(),
                miners, grouped, settings.name());
        ShareAttestor attestor = new ShareAttestor(poolKey, settings.name(), settings.kid(), settings.audience(),
                clock, settings.attestationTtlMs(), new java.security.SecureRandom());
        PoolMetrics metrics = new PoolMetrics(miners, clock);
        PoolHttpServer http = new PoolHttpServer(new InetSocketAddress(settings.bindHost(), settings.port()),
                validator, attestor, poolKey.publicKey(), clock, metrics);
        http.start();
        StratumServer stratumServer = null;
        if (stratum != null) {
            if (challenges == null) {
                throw new IllegalArgumentException("a Stratum endpoint needs the node to issue its share challenges");
            }
            stratumServer = new StratumServer(stratum, validator, metrics, challenges, clock, attestor);
            stratumServer.start();
        }
        ScheduledExecutorService pruner = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("pool-ledger-prune").factory());
        pruner.scheduleWithFixedDelay(() -> {
            try {
                ledger.prune(clock.millis());
            } catch (RuntimeException e) {
                // The store is down: the next round prunes; shares are refused 503 meanwhile, not lost.
                PoolLog.warn("ledger_prune_failed", "error", String.valueOf(e.getMessage()));
            }
        }, 1, 1, TimeUnit.MINUTES);
        return new MiningPool(http, stratumServer, grouped, poolKey, pruner);
    }

    public int httpPort() {
        return http.port();
    }

    /** The Stratum plaintext port, −1 when there is none. */
    public int stratumPort() {
        return stratum == null ? -1 : stratum.plainPort();
    }

    /** The Stratum TLS port, −1 when there is none. */
    public int stratumTlsPort() {
        return stratum == null ? -1 : stratum.tlsPort();
    }

    public byte[] publicKey() {
        return key.publicKey();
    }

    @Override
    public void close() {
        pruner.shutdownNow();
        if (stratum != null) {
            stratum.close();
        }
        http.close();
        ledger.close();
    }
}
