package org.pouw.node.config;

import java.nio.file.Path;
import java.util.List;
import org.pouw.core.market.MarketSettings;
import org.pouw.node.logs.LogSettings;
import org.pouw.node.ratelimit.RateLimitSettings;

/**
 * Everything a node is told at start, checked once by {@link ConfigLoader} (every error names its setting) and then
 * frozen. Defaults live in {@link ConfigLoader#DEFAULTS}; {@code docs/operations.md} lists every setting.
 */
public record NodeConfig(
        PouwMode mode,
        ZkMode zkMode,
        Path dataDir,
        String httpHost,
        int httpPort,
        int maxBodyBytes,
        int maxUploadBytes,
        String storageBackend,
        String storageUrl,
        String storageUser,
        String storagePassword,
        int storagePoolSize,
        int storageSqliteBusyTimeoutMs,
        long uploadFreeSpaceReserveMb,
        MarketSettings market,
        long reaperIntervalMs,
        long maxSteps,
        int segmentSteps,
        BatchSettings batches,
        long maxChainSteps,
        MlSettings ml,
        int localWorkers,
        long tokenTtlMs,
        long challengeTtlMs,
        String tokenSecretFile,
        String acceptedTokenSecretFile,
        String adminKeyFile,
        List<GenesisAllocation> genesis,
        GateSettings gate,
        ChainSettings chain,
        P2pSettings p2p,
        RateLimitSettings rateLimits,
        HttpLimits httpLimits,
        LogSettings logs,
        boolean consoleEnabled) {

    public NodeConfig {
        genesis = List.copyOf(genesis);
    }

    /** The second secret whose tokens and sign-in challenges are accepted (never issued), while secrets rotate. */
    public java.util.Optional<Path> acceptedTokenSecretPath() {
        return acceptedTokenSecretFile.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(Path.of(acceptedTokenSecretFile.strip()));
    }

    public Path adminKeyPath() {
        return adminKeyFile.isEmpty() ? dataDir.resolve("admin.key") : Path.of(adminKeyFile);
    }

    public Path challengeKeyPath() {
        return gate.challengeKeyFile().isEmpty() ? dataDir.resolve("challenge.key") : Path.of(gate.challengeKeyFile());
    }

    public Path accessTokenKeyPath() {
        return gate.tokenKeyFile().isEmpty() ? dataDir.resolve("access-token.key") : Path.of(gate.tokenKeyFile());
    }

    public Path tokenSecretPath() {
        return tokenSecretFile.isEmpty() ? dataDir.resolve("token.secret") : Path.of(tokenSecretFile);
    }

    public NodeConfig withGenesis(List<GenesisAllocation> allocations) {
        return new NodeConfig(mode, zkMode, dataDir, httpHost, httpPort, maxBodyBytes, maxUploadBytes, storageBackend,
                storageUrl, storageUser, storagePassword, storagePoolSize, storageSqliteBusyTimeoutMs,
                uploadFreeSpaceReserveMb, market, reaperIntervalMs, maxSteps, segmentSteps, batches, maxChainSteps, ml,
                localWorkers, tokenTtlMs, challengeTtlMs, tokenSecretFile, acceptedTokenSecretFile, adminKeyFile,
                allocations, gate, chain, p2p, rateLimits, httpLimits, logs, consoleEnabled);
    }

    /** Every setting, with the storage password and any credentials inside URLs hidden. */
    @Override
    public String toString() {
        return SecretSettings.describe(this);
    }

}
