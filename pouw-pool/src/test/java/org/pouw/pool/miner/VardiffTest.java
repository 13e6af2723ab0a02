package org.pouw.pool.miner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/**
 * Vardiff on a settable clock (issue 23 §3, "Tests"): simulated miners find shares as a Poisson process at
 * hashrate / difficulty and poll their difficulty every target time, as an HTTP miner does. Slow and fast miners
 * converge to about one share every 15 s; an ASIC starting at the minimum is back under the share-rate cap within
 * 10 s; a share at the previous difficulty is taken only within the grace after a change, credited at the lower
 * value. Seeded, so each run replays the same shares.
 */
class VardiffTest {
    private static final long T0 = 1_760_000_000_000L;
    private final SettableClock clock = new SettableClock(T0);

    /** A miner of {@code hashesPerSecond}, simulated for {@code millis}; returns the difficulty every poll. */
    private static final class SimulatedMiner {
        final Miners miners;
        final SettableClock clock;
        final SplittableRandom random;
        final String did;
        double hashesPerSecond;
        double now;
        long accepted;
        long capped;
        final List<long[]> attemptsPerSecond = new ArrayList<>();

        SimulatedMiner(Miners miners, SettableClock clock, long seed, String did, double hashesPerSecond) {
            this.miners = miners;
            this.clock = clock;
            this.random = new SplittableRandom(seed);
            this.did = did;
            this.hashesPerSecond = hashesPerSecond;
            this.now = clock.millis();
        }

        void run(long millis) {
            double end = now + millis;
            double nextPoll = now + 15_000;
            while (now < end) {
                long difficulty = miners.required(did);
                double meanMs = difficulty / hashesPerSecond * 1000;
                double share = now - StrictMath.log(1 - random.nextDouble()) * meanMs;
                if (share < nextPoll) {
                    now = share;
                    clock.set((long) now);
                    attempt(difficulty);
                } else {
                    now = nextPoll;
                    clock.set((long) now);
                    nextPoll += 15_000;
                }
            }
        }

        private void attempt(long difficulty) {
            int second = (int) ((now - T0) / 1000);
            while (attemptsPerSecond.size() <= second) {
                attemptsPerSecond.add(new long[1]);
            }
            attemptsPerSecond.get(second)[0]++;
            if (miners.admit(did) != Miners.Admission.OPEN) {
                capped++;
                return;
            }
            long credit = miners.creditFor(did, difficulty);
            assertThat(credit).isEqualTo(difficulty);
            miners.accepted(did, credit);
            accepted++;
        }

        /** Shares a second over the last {@code millis} at this miner's current difficulty: hashrate / difficulty. */
        double expectedShareIntervalMs() {
            return miners.required(did) / hashesPerSecond * 1000;
        }
    }

    private Miners miners(long minDifficulty) {
        return new Miners(VardiffSettings.defaults(minDifficulty), ReputationSettings.defaults(), clock);
    }

    @Test
    void aFastMinerConvergesToAboutOneShareEveryFifteenSeconds() {
        SimulatedMiner miner = new SimulatedMiner(miners(1), clock, 1, "fast", 5e6);
        miner.run(30 * 60_000);
        // The target is 15 s; one retarget window holds about six shares, so allow a factor of 2.5 either way.
        assertThat(miner.expectedShareIntervalMs()).isBetween(6_000.0, 37_500.0);
    }

    @Test
    void aMinerThatSlowsDownIsLoweredToItsNewRateStepByStep() {
        SimulatedMiner miner = new SimulatedMiner(miners(1), clock, 2, "slowing", 1e6);
        miner.run(10 * 60_000);
        long fast = miner.miners.required("slowing");
        miner.hashesPerSecond = 1e4;
        miner.run(20 * 60_000);
        long slow = miner.miners.required("slowing");
        assertThat(slow).isLessThan(fast / 20);
        assertThat(miner.expectedShareIntervalMs()).isBetween(6_000.0, 37_500.0);
    }

    @Test
    void anAsicAtTheMinimumIsBackUnderTheShareRateCapWithinTenSeconds() {
        SimulatedMiner asic = new SimulatedMiner(miners(1), clock, 3, "asic", 1e9);
        asic.run(60_000);
        // Every whole second from the 10th on: attempts (valid shares found) at most max_shares_per_second.
        for (int second = 10; second < asic.attemptsPerSecond.size(); second++) {
            assertThat(asic.attemptsPerSecond.get(second)[0]).as("second " + second)
                    .isLessThanOrEqualTo(VardiffSettings.defaults(1).maxSharesPerSecond());
        }
        assertThat(asic.miners.required("asic")).as("raised without a limit on the step")
                .isGreaterThan(1_000_000_000L);
    }

    @Test
    void aShareAtThePreviousDifficultyCountsOnlyWithinTheGraceAndAtTheLowerValue() {
        Miners miners = miners(1);
        miners.accepted("m", 1_000);
        clock.advance(1);
        miners.accepted("m", 1_000);
        long raised = miners.required("m");
        assertThat(raised).isGreaterThan(1_000);
        assertThat(miners.creditFor("m", 1_000)).as("work sent before the change").isEqualTo(1_000);
        assertThat(miners.creditFor("m", 999)).as("not the previous difficulty").isZero();
        assertThat(miners.creditFor("m", raised * 2)).as("more than asked is credited as stated")
                .isEqualTo(raised * 2);
        clock.advance(VardiffSettings.defaults(1).changeGraceMs() + 1);
        assertThat(miners.creditFor("m", 1_000)).as("after the grace").isZero();
    }

    @Test
    void aNewMinerStartsAtThePoolsMinimumAndNothingIsKeptForIt() {
        Miners miners = miners(16);
        assertThat(miners.required("new")).isEqualTo(16);
        assertThat(miners.creditFor("new", 15)).isZero();
        miners.invalid("new");
        miners.stale("new");
        assertThat(miners.count()).isZero();
        assertThat(miners.admit("new")).isEqualTo(Miners.Admission.OPEN);
    }
}
