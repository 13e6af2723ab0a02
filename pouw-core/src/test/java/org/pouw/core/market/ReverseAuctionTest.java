package org.pouw.core.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.id.Did;
import org.pouw.core.id.Hash32;
import org.pouw.core.id.IntentId;
import org.pouw.core.id.JobId;
import org.pouw.core.job.Job;
import org.pouw.core.job.Tier;

/** The auction's and the reputation's arithmetic (docs/economics.md, "Bids and collateral"): exact and bounded. */
class ReverseAuctionTest {
    private static final Did CLIENT = Did.of("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK");

    private static Job job(long rewardBudget, long createdAtMs) {
        return Job.pending(JobId.of("00112233445566778899aabbccddeeff"), "reexec", Tier.MACRO,
                IntentId.of("ab".repeat(32)), Hash32.of("cd".repeat(32)), "ref", "{}", CLIENT, rewardBudget,
                rewardBudget, createdAtMs, 1, createdAtMs + 3_600_000, 3);
    }

    @Test
    void theOfferRisesFromTheFloorToTheBudgetAndAFixedPriceNeverMoves() {
        ReverseAuction auction = new ReverseAuction(500, 60_000, 1000, 250);
        Job fresh = job(900, 1_000);
        assertThat(auction.offer(fresh, 1_000)).isEqualTo(450);
        assertThat(auction.offer(fresh, 0)).as("before creation: the floor").isEqualTo(450);
        assertThat(auction.offer(fresh, 31_000)).isEqualTo(675);
        assertThat(auction.offer(fresh, 61_000)).isEqualTo(900);
        assertThat(auction.offer(fresh, 10_000_000)).as("never past the budget").isEqualTo(900);
        Job priced = fresh.priced(500, 500);
        assertThat(auction.offer(priced, 61_000)).isEqualTo(500);
        assertThat(ReverseAuction.OFF.offer(fresh, 1_000)).as("off: the whole budget").isEqualTo(900);
    }

    @Test
    void theArithmeticIsExactForEveryAmountAndMonotoneInTime() {
        SplittableRandom random = new SplittableRandom(27);
        for (int i = 0; i < 100_000; i++) {
            long budget = random.nextLong(Long.MAX_VALUE);
            int floor = random.nextInt(1001);
            long ramp = 1 + random.nextLong(ReverseAuction.MAX_RAMP_MS);
            long at = random.nextLong(ramp + 1);
            ReverseAuction auction = new ReverseAuction(floor, ramp, random.nextInt(10_001), random.nextInt(1001));
            BigInteger b = BigInteger.valueOf(budget);
            BigInteger f = b.multiply(BigInteger.valueOf(floor)).divide(BigInteger.valueOf(1000));
            BigInteger want = f.add(b.subtract(f).multiply(BigInteger.valueOf(at)).divide(BigInteger.valueOf(ramp)));
            long offer = auction.offer(job(budget, 0), at);
            assertThat(offer).isEqualTo(want.longValueExact());
            long later = Math.min(ramp, at + 1 + random.nextLong(ramp));
            assertThat(auction.offer(job(budget, 0), later)).isGreaterThanOrEqualTo(offer);
            BigInteger lock = BigInteger.valueOf(offer).multiply(BigInteger.valueOf(auction.collateralPermille()));
            BigInteger[] split = lock.divideAndRemainder(BigInteger.valueOf(1000));
            BigInteger up = split[1].signum() == 0 ? split[0] : split[0].add(BigInteger.ONE);
            long collateral = auction.collateralFor(offer);
            if (collateral != Long.MAX_VALUE) {
                assertThat(collateral).isEqualTo(up.longValueExact());
            } else {
                assertThat(offer).as("saturates only for prices past a thousandth of a long")
                        .isGreaterThan(Long.MAX_VALUE / 10 - 2_000);
            }
        }
    }

    @Test
    void badSettingsNameTheirSetting() {
        assertThatThrownBy(() -> new ReverseAuction(1001, 0, 0, 0)).hasMessageContaining("auction.floor_permille");
        assertThatThrownBy(() -> new ReverseAuction(500, -1, 0, 0)).hasMessageContaining("auction.ramp_ms");
        assertThatThrownBy(() -> new ReverseAuction(500, ReverseAuction.MAX_RAMP_MS + 1, 0, 0))
                .hasMessageContaining("auction.ramp_ms");
        assertThatThrownBy(() -> new ReverseAuction(500, 0, 10_001, 0)).hasMessageContaining("collateral.permille");
        assertThatThrownBy(() -> new ReverseAuction(500, 0, 0, 1001))
                .hasMessageContaining("collateral.forfeit_permille");
    }

    @Test
    void reputationIsALowerConfidenceBoundSoAFewLuckyJobsBuyLittle() {
        assertThat(Reputation.permille(0, 0)).isZero();
        assertThat(Reputation.permille(1, 0)).isEqualTo(206);
        assertThat(Reputation.permille(10, 0)).isEqualTo(722);
        assertThat(Reputation.permille(100, 0)).isEqualTo(963);
        assertThat(Reputation.permille(9, 1)).isEqualTo(595);
        assertThat(Reputation.permille(90, 10)).as("the same ratio, a longer record").isEqualTo(825);
        assertThat(Reputation.permille(0, 5)).isZero();
        for (long done = 0; done < 200; done++) {
            for (long failed = 0; failed < 20; failed++) {
                int score = Reputation.permille(done, failed);
                assertThat(score).isBetween(0, 1000);
                assertThat(Reputation.permille(done + 1, failed)).isGreaterThanOrEqualTo(score);
                assertThat(Reputation.permille(done, failed + 1)).isLessThanOrEqualTo(score);
            }
        }
    }

    @Test
    void collateralRunsFromTwiceTheBaseForANewProverDownToTheBase() {
        assertThat(Reputation.collateral(450, 0)).isEqualTo(900);
        assertThat(Reputation.collateral(450, 1000)).isEqualTo(450);
        assertThat(Reputation.collateral(450, 722)).isEqualTo(576);
        assertThat(Reputation.collateral(0, 0)).isZero();
        assertThat(Reputation.collateral(Long.MAX_VALUE / 2, 0)).as("past a long: more than any balance")
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Reputation.collateral(1, 1001)).isInstanceOf(IllegalArgumentException.class);
    }
}
