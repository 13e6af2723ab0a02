package org.pouw.gate.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.core.ledger.Accounts;
import org.pouw.crypto.Ed25519;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.challenge.ChallengeCheck;
import org.pouw.gate.challenge.ChallengeIssuer;
import org.pouw.gate.challenge.ChallengeKey;
import org.pouw.gate.challenge.SignedChallenge;
import org.pouw.gate.hashcash.HashcashMinter;
import org.pouw.gate.receipt.ReceiptSigner;
import org.pouw.gate.receipt.ReceiptValidator;
import org.pouw.gate.receipt.RedemptionPurpose;
import org.pouw.gate.receipt.WorkReceipt;
import org.pouw.gate.redeem.InMemoryRedemptions;
import org.pouw.gate.useful.InMemoryJobRewardLedger;
import org.pouw.gate.useful.UsefulWorkCheck;

/**
 * Rewards for receipts (issue 21 §3): paid from {@code sys:receipts:pool} at the operator's rate within the
 * interval's emission cap; nothing for hashcash unless the operator set that cap; never for useful work; and a
 * refusal for want of money consumes nothing.
 */
class ReceiptRewardsTest {
    private static final long T0 = 1_760_000_000_000L;
    private static final String NETWORK = "pouw-testnet";
    private final SettableClock clock = new SettableClock(T0);
    private final Ed25519.KeyPair challengeKeys = Ed25519.KeyPair.fromPrivateKey(filled(3));
    private final Ed25519.KeyPair client = Ed25519.KeyPair.fromPrivateKey(filled(1));
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final InMemoryJobRewardLedger jobs = new InMemoryJobRewardLedger();
    private final ChallengeIssuer issuer = new ChallengeIssuer(new ChallengeKey(challengeKeys), clock,
            new SplittableRandom(13), "node-a", "store-1", 600_000);
    private final ReceiptValidator receipts = new ReceiptValidator(
            new ChallengeCheck(challengeKeys.publicKey(), clock, "node-a", "store-1", 5_000), redemptions,
            new UsefulWorkCheck(jobs), NETWORK, 5_000);
    private final InMemoryRewardPayouts payouts = new InMemoryRewardPayouts(redemptions);
    private final RewardRate rate = new RewardRate(10, 25, 60_000);
    private final ReceiptRewards rewards = new ReceiptRewards(receipts, payouts, clock, Optional.of(rate));

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    private byte[] receipt() {
        SignedChallenge challenge = issuer.hashcash(client.did(), 8, OptionalInt.empty());
        String stamp = HashcashMinter.mint(challenge.challenge().resource(), 8, "261205", new SplittableRandom(2));
        return ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(challenge.toJcs(), stamp,
                "nonce-0123456789abcdef", T0), client, challenge.challenge().id(), NETWORK))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReceiptIsPaidFromTheReceiptsPoolOnceAndThenBuysNoToken() {
        payouts.fund(100);
        byte[] receipt = receipt();
        GateVerdict<RewardPaid> paid = rewards.redeemForReward(receipt);
        assertThat(paid).isInstanceOf(GateVerdict.Accepted.class);
        RewardPaid reward = ((GateVerdict.Accepted<RewardPaid>) paid).value();
        assertThat(reward.amount()).isEqualTo(10);
        assertThat(reward.ledgerKey()).isEqualTo("receipt:" + reward.challengeId());
        assertThat(payouts.balance(client.did().toString())).isEqualTo(10);
        assertThat(payouts.balance("sys:receipts:pool")).isEqualTo(90);
        assertThat(RewardPayouts.POOL_ACCOUNT).isNotEqualTo(Accounts.POOL_RESERVED);
        assertThat(reason(rewards.redeemForReward(receipt))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(reason(receipts.validate(receipt, RedemptionPurpose.TOKEN))).isEqualTo(RejectionReason.REPLAYED);
        assertThat(payouts.balance(client.did().toString())).isEqualTo(10);
    }

    @Test
    void anEmptyPoolRefusesAndTheChallengeStillBuysItsToken() {
        payouts.fund(5);
        byte[] receipt = receipt();
        assertThat(reason(rewards.redeemForReward(receipt))).isEqualTo(RejectionReason.POOL_EMPTY);
        assertThat(payouts.balance("sys:receipts:pool")).isEqualTo(5);
        assertThat(receipts.validate(receipt, RedemptionPurpose.TOKEN).isAccepted()).isTrue();
    }

    @Test
    void theEmissionCapHoldsPerIntervalOnTheClock() {
        payouts.fund(1_000);
        clock.set(rate.intervalStart(T0) + 1_000);
        assertThat(rewards.redeemForReward(receipt()).isAccepted()).isTrue();
        assertThat(rewards.redeemForReward(receipt()).isAccepted()).isTrue();
        byte[] third = receipt();
        assertThat(reason(rewards.redeemForReward(third))).isEqualTo(RejectionReason.EMISSION_CAPPED);
        clock.set(rate.intervalStart(T0) + 60_000);
        assertThat(rewards.redeemForReward(third).isAccepted()).isTrue();
        assertThat(payouts.balance(client.did().toString())).isEqualTo(30);
    }

    @Test
    void hashcashEarnsNoMoneyWithoutAnOperatorsCap() {
        payouts.fund(1_000);
        ReceiptRewards tokensOnly = new ReceiptRewards(receipts, payouts, clock, Optional.empty());
        byte[] receipt = receipt();
        assertThat(reason(tokensOnly.redeemForReward(receipt))).isEqualTo(RejectionReason.REWARD_NOT_OFFERED);
        assertThat(payouts.entries()).isZero();
        assertThat(receipts.validate(receipt, RedemptionPurpose.TOKEN).isAccepted()).isTrue();
        assertThatThrownBy(() -> new RewardRate(10, 5, 60_000))
                .hasMessage("receipts.hashcash.emission_cap must be >= amount (10), got 5");
    }

    @Test
    void usefulWorkIsNeverPaidASecondTime() {
        payouts.fund(1_000);
        String job = "e7870e89216b617bbeb51643b34a29f8";
        SignedChallenge useful = issuer.useful(client.did(), job);
        clock.advance(1_000);
        jobs.pay(job, client.did().toString(), clock.millis());
        byte[] receipt = ReceiptSigner.wire(ReceiptSigner.sign(new WorkReceipt(useful.toJcs(),
                UsefulWorkCheck.solutionFor(job), "nonce-0123456789abcdef", clock.millis()), client,
                useful.challenge().id(), NETWORK)).getBytes(StandardCharsets.UTF_8);
        assertThat(reason(rewards.redeemForReward(receipt))).isEqualTo(RejectionReason.REWARD_NOT_OFFERED);
        assertThat(payouts.entries()).isZero();
        assertThat(receipts.validate(receipt, RedemptionPurpose.TOKEN).isAccepted()).isTrue();
    }
}
