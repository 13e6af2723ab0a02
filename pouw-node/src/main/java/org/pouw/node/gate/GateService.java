package org.pouw.node.gate;

import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pouw.core.Clock;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.IntervalCountPruner;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.poolattest.PoolAttestationCheck;
import org.pouw.gate.poolattest.PoolRelay;
import org.pouw.node.poolclient.PoolClient;
import org.pouw.gate.poolattest.PoolTokenRate;
import org.pouw.gate.partner.PartnerAccess;
import org.pouw.gate.partner.PartnerBudget;
import org.pouw.gate.partner.PartnerRequestCheck;
import org.pouw.gate.receipt.CheckedReceipt;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.redeem.FailModeRedemptions;
import org.pouw.gate.redeem.RedemptionPruner;
import org.pouw.gate.redeem.RedemptionStoreUnavailableException;
import org.pouw.gate.reward.ReceiptRewards;
import org.pouw.gate.reward.RewardPaid;
import org.pouw.gate.token.AccessTokenIssuer;
import org.pouw.gate.token.AccessTokenVerifier;
import org.pouw.gate.token.IssuedToken;
import org.pouw.gate.token.TokenKey;
import org.pouw.gate.token.TokenLifetimes;
import org.pouw.gate.token.TokenRequests;
import org.pouw.gate.useful.UsefulChallenges;
import org.pouw.gate.useful.UsefulWorkCheck;
import org.pouw.node.config.GateSettings;

/**
 * The gate as the node runs it: the challenge and token keys, the durable redemption store (with its fail modes),
 * the ports from {@link GatePorts}, per-source difficulty, the class budget, and the pruners (redemptions, and the
 * emission and partner-budget counts per interval) and the store watch on a timer. The HTTP endpoints
 * ({@code GateEndpoints}) only translate to and from this.
 */
public final class GateService implements AutoCloseable {
    /** The budget of a partner whose key predates its registration in the directory (none does via the API). */
    private static final PartnerBudget DEFAULT_PARTNER_BUDGET = new PartnerBudget(1_000, 60_000);

    private final GateSettings settings;
    private final Clock clock;
    private final ChallengeKey challengeKey;
    private final TokenKey tokenKey;
    private final FailModeRedemptions redemptions;
    private final ChallengeIssuer issuer;
    private final UsefulChallenges useful;
    private final ReceiptValidator receipts;
    private final ReceiptRewards rewards;
    private final TokenRequests tokens;
    private final SourceDifficulty difficulty;
    private final ChallengeClassBudget budget;
    private final ReceiptResults results;
    private final PartnerAdministration partnerAdmin;
    private final ScheduledExecutorService timer;
    private final GatePorts ports;
    private final Optional<PoolClient> poolClient;

    public GateService(GateSettings settings, Clock clock, Ed25519.KeyPair challengeKeyPair,
                       Ed25519.KeyPair tokenKeyPair, FailModeRedemptions redemptions, GatePorts ports,
                       ReceiptResults results, Optional<PoolClient> poolClient) {
        this.settings = settings;
        this.poolClient = poolClient;
        this.clock = clock;
        this.redemptions = redemptions;
        this.ports = ports;
        challengeKey = new ChallengeKey(challengeKeyPair);
        tokenKey = new TokenKey(tokenKeyPair);
        tokenKey.requireDistinctFrom(challengeKey.publicKey());
        long skew = settings.redemption().clockSkewMs();
        SecureRandom random = new SecureRandom();
        issuer = new ChallengeIssuer(challengeKey, clock, random, settings.nodeId(), settings.storeId(),
                settings.challengeTtlMs());
        useful = new UsefulChallenges(issuer, redemptions, ports.jobRewards(), ports.leaseHolders(), skew);
        // Its own challenges: made again and compared, not verified (ChallengeKey.signedByThisKey says why).
        ChallengeCheck check = new ChallengeCheck(challengeKey, clock, settings.nodeId(), settings.storeId(), skew);
        receipts = new ReceiptValidator(check, redemptions, new UsefulWorkCheck(ports.jobRewards()),
                settings.networkId(), skew);
        rewards = new ReceiptRewards(receipts, ports.rewardPayouts(), clock, settings.hashcashRate());
        AccessTokenIssuer tokenIssuer = new AccessTokenIssuer(tokenKey, clock, random, settings.audience(),
                TokenLifetimes.defaults());
        PoolAttestationCheck pools = new PoolAttestationCheck(settings.pools().keys(), settings.audience(),
                clock, skew, check, settings.pools().minShareBits());
        PartnerAccess partners = new PartnerAccess(ports.partnerKeys(),
                new PartnerRequestCheck(ports.partnerSigners(), redemptions, clock, settings.audience(), skew),
                ports.partnerBudgets(), clock, DEFAULT_PARTNER_BUDGET, ports.partnerDirectory());
        partnerAdmin = new PartnerAdministration(ports.partnerDirectory(), ports.partnerKeys());
        tokens = new TokenRequests(tokenIssuer, receipts, pools,
                new PoolTokenRate(settings.pools().tokensPerMinute(), settings.pools().maxClasses(), clock),
                poolClient.<PoolRelay>map(client -> client).orElse(PoolRelay.NONE), partners, redemptions, skew);
        difficulty = new SourceDifficulty(clock, settings.baseBits(), settings.maxBits(), settings.freePerMinute());
        budget = new ChallengeClassBudget(clock, settings.challengesPerSecond());
        this.results = results;
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gate-timer")
                .factory());
        RedemptionPruner prune = new RedemptionPruner(redemptions, clock);
        IntervalCountPruner pruneCounts = new IntervalCountPruner(ports.rewardPayouts(), settings.hashcashRate(),
                ports.partnerBudgets(), clock, skew);
        timer.scheduleWithFixedDelay(() -> {
            try {
                prune.pruneOnce();
            } catch (RuntimeException storeDown) {
                // the next round tries again; the store's state is in the metrics
            }
            try {
                pruneCounts.pruneOnce();
            } catch (RuntimeException storeDown) {
                // likewise: a count kept a round longer is harmless, one forgotten early is not
            }
        }, settings.pruneIntervalMs(), settings.pruneIntervalMs(), TimeUnit.MILLISECONDS);
        // The store watch: learns of an outage and of the store's return at once, writing fail-open's memory back
        // before another node can redeem the same challenges (docs/gate.md, "When the store fails").
        timer.scheduleWithFixedDelay(() -> {
            try {
                redemptions.watchOnce();
            } catch (RuntimeException storeDown) {
                // the next turn tries again
            }
        }, FailModeRedemptions.WATCH_MS, FailModeRedemptions.WATCH_MS, TimeUnit.MILLISECONDS);
    }

    public GateSettings settings() {
        return settings;
    }

    public FailModeRedemptions redemptions() {
        return redemptions;
    }

    public byte[] challengePublicKey() {
        return challengeKey.publicKey();
    }

    public PartnerAdministration partners() {
        return partnerAdmin;
    }

    /**
     * Checks this node's own access tokens (its token key, its audience, on its clock): the rate limits key a
     * request that presents one on the token and its class.
     */
    public AccessTokenVerifier accessTokenVerifier() {
        return new AccessTokenVerifier(List.of(tokenKey.publicKey()), settings.audience(), clock,
                settings.redemption().clockSkewMs());
    }

    public TokenKey tokenKey() {
        return tokenKey;
    }

    /** Whether the class budget has room for one more challenge. */
    public boolean admitChallenge() {
        return budget.tryTake();
    }

    /** A hashcash challenge at this source's difficulty, or more if asked; remembered for fail-open. */
    public SignedChallenge hashcash(DidKey did, java.net.InetAddress source, OptionalInt askedBits) {
        int bits = difficulty.next(source, did.toString());
        SignedChallenge challenge = issuer.hashcash(did, bits, askedBits);
        redemptions.issued(challenge.challenge().id(), keepUntil(challenge));
        return challenge;
    }

    /**
     * A {@code share} challenge for mining through a pool (issue 23 §1), at this node's minimum share work; none
     * while no pool is trusted, since no share mined on it could buy anything. Recorded like the others, so a
     * fail-open node knows it issued it.
     */
    public Optional<SignedChallenge> share(DidKey did) {
        if (settings.pools().keys().isEmpty()) {
            return Optional.empty();
        }
        SignedChallenge challenge = issuer.share(did, settings.pools().minShareBits(),
                settings.pools().challengeTtlMs());
        redemptions.issued(challenge.challenge().id(), keepUntil(challenge));
        return Optional.of(challenge);
    }

    public GateVerdict<SignedChallenge> useful(DidKey did, String jobId) {
        try {
            GateVerdict<SignedChallenge> verdict = useful.issue(did, jobId);
            if (verdict instanceof GateVerdict.Accepted<SignedChallenge> ok) {
                redemptions.issued(ok.value().challenge().id(), keepUntil(ok.value()));
            }
            return verdict;
        } catch (RedemptionStoreUnavailableException e) {
            return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, e.getMessage());
        }
    }

    /** A receipt redeemed for money; money is never paid while the store is failing (fail-open grants tokens only). */
    public GateVerdict<RewardPaid> reward(byte[] body) {
        if (redemptions.state() != FailModeRedemptions.State.NORMAL) {
            GateVerdict<CheckedReceipt> checked = receipts.check(body, RedemptionPurpose.REWARD);
            if (checked instanceof GateVerdict.Rejected<CheckedReceipt> refused) {
                return refused.as();
            }
            return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE,
                    "the redemption store is failing; rewards wait for it (send the receipt again later)");
        }
        try {
            return rewards.redeemForReward(body);
        } catch (RedemptionStoreUnavailableException e) {
            return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, e.getMessage());
        }
    }

    /** The receipt's checks without a write: who signed it, for telling a replay its stored result. */
    public Optional<CheckedReceipt> checkedReceipt(byte[] body) {
        return receipts.check(body, RedemptionPurpose.REWARD) instanceof GateVerdict.Accepted<CheckedReceipt> ok
                ? Optional.of(ok.value()) : Optional.empty();
    }

    public Optional<RewardPaid> storedResult(String challengeId, String did) {
        return results.resultFor(challengeId, did);
    }

    public GateVerdict<IssuedToken> token(byte[] body) {
        try {
            return tokens.request(body);
        } catch (RedemptionStoreUnavailableException e) {
            return GateVerdict.rejected(RejectionReason.STORE_UNAVAILABLE, e.getMessage());
        }
    }

    private long keepUntil(SignedChallenge challenge) {
        return Math.addExact(challenge.challenge().expiresAtMs(), settings.redemption().clockSkewMs());
    }

    /** The node's pool client, when {@code mining_pool.enabled}: its Retry-After and availability. */
    public Optional<PoolClient> poolClient() {
        return poolClient;
    }

    @Override
    public void close() {
        poolClient.ifPresent(PoolClient::close);
        timer.shutdownNow();
        redemptions.close();
        ports.close();
    }
}
