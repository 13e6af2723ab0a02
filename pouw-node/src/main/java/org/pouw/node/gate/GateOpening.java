package org.pouw.node.gate;

import java.io.IOException;
import java.io.UncheckedIOException;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import org.pouw.core.Clock;
import org.pouw.core.ledger.Payments;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.KeyFile;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.RedemptionSettings;
import org.pouw.gate.reward.RewardPayouts;
import org.pouw.node.config.GateSettings;
import org.pouw.node.config.NodeConfig;
import org.pouw.node.poolclient.PoolClient;
import org.pouw.store.RedemptionStores;
import org.pouw.store.RestoreEpoch;

/**
 * Opens the gate at node start: the keys (a dedicated challenge key and token key, never the login secret), the
 * redemption store after its start-up checks, the ports. A failed check refuses the start with a message naming it.
 */
public final class GateOpening {
    private GateOpening() {
    }

    public static GateService open(NodeConfig config, Storage storage, Clock clock, MeterRegistry registry) {
        Ed25519.KeyPair challengeKey;
        Ed25519.KeyPair tokenKey;
        try {
            challengeKey = KeyFile.loadOrCreate(config.challengeKeyPath());
            tokenKey = KeyFile.loadOrCreate(config.accessTokenKeyPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the gate's keys", e);
        }
        FailModeRedemptions redemptions;
        try {
            redemptions = RedemptionStores.open(config.gate().redemption(), storage, clock);
        } catch (IllegalStateException refused) {
            throw new IllegalStateException("the node refuses to start: " + refused.getMessage()
                    + " (docs/operations.md, \"Challenges, receipts and access tokens\")", refused);
        }
        GatePorts ports;
        try {
            ports = GatePorts.open(storage, clock, config.gate());
        } catch (RuntimeException refused) {
            redemptions.close();
            throw refused;
        }
        if (config.gate().receiptsPoolFund() > 0) {
            // Keyed genesis:receipts:sys:receipts:pool in the ledger, so it is paid once per database, not per start.
            new Payments(storage, clock).allocateGenesis(RewardPayouts.POOL_ACCOUNT, config.gate().receiptsPoolFund(),
                    "receipts");
        }
        // A pool that is down at start is no reason to refuse it: the client only dials when a share comes.
        Optional<PoolClient> poolClient = config.gate().miningPool().enabled()
                ? Optional.of(new PoolClient(config.gate().miningPool(), registry, clock)) : Optional.empty();
        return new GateService(restored(config.gate(), RestoreEpoch.of(storage)), clock, challengeKey, tokenKey, redemptions, ports,
                new ReceiptResults(storage), poolClient);
    }

    /**
     * The settings with the database's restore epoch folded into an SQL redemption store's id (issue 24, scenario
     * 6): a restored database has forgotten the redemptions made after its backup, so every challenge issued before
     * the restore names the old id and is refused as {@code unknown_challenge}, never redeemed a second time. A Redis
     * store is not rolled back by a database restore and keeps its id.
     */
    static GateSettings restored(GateSettings settings, long epoch) {
        if (epoch == 0 || RedemptionSettings.REDIS.equals(settings.redemption().store())) {
            return settings;
        }
        return settings.withStoreId(settings.storeId() + "-r" + RestoreEpoch.text(epoch));
    }
}
