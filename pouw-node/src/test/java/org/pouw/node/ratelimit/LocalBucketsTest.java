package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/** In-process buckets over a settable clock: refusal, refill, debt, the memory bound. */
class LocalBucketsTest {
    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final BucketSpec spec = new BucketSpec(60, 5); // one token a second, five at most

    @Test
    void aFullBucketGivesItsBurstThenRefusesWithTheTimeToTheNextToken() {
        LocalBuckets buckets = new LocalBuckets(clock, 1_000, 600_000, true);
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.take("k", spec, 1).allowed()).isTrue();
        }
        BucketStore.Take refused = buckets.take("k", spec, 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(1_000);
        clock.advance(1_000);
        assertThat(buckets.take("k", spec, 1).allowed()).isTrue();
        assertThat(buckets.take("k", spec, 1).allowed()).isFalse();
        assertThat(buckets.take("other", spec, 1).allowed()).as("buckets are per key").isTrue();
    }

    @Test
    void workChargedAfterTheFactPutsTheBucketIntoDebt() {
        LocalBuckets buckets = new LocalBuckets(clock, 1_000, 600_000, true);
        assertThat(buckets.take("k", spec, 1).allowed()).isTrue();
        buckets.charge("k", spec, 9); // five tokens less ten: five in debt
        BucketStore.Take refused = buckets.take("k", spec, 1);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterMs()).isEqualTo(6_000);
        clock.advance(5_999);
        assertThat(buckets.take("k", spec, 1).allowed()).isFalse();
        clock.advance(1);
        assertThat(buckets.take("k", spec, 1).allowed()).isTrue();
    }

    @Test
    void fallbackBucketsStartWithOneRefillNotFull() {
        LocalBuckets buckets = new LocalBuckets(clock, 1_000, 600_000, false);
        BucketSpec fast = new BucketSpec(600, 100); // ten a second: one refill's worth is 10
        int allowed = 0;
        while (buckets.take("k", fast, 1).allowed()) {
            allowed++;
        }
        assertThat(allowed).isEqualTo(10);
    }

    @Test
    void addressesRotatedWithoutEndCannotGrowTheCachePastItsBound() {
        LocalBuckets buckets = new LocalBuckets(clock, 1_000, 600_000, true);
        for (int i = 0; i < 50_000; i++) {
            buckets.take("a:reads:4:10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), spec, 1);
        }
        assertThat(buckets.size()).isLessThanOrEqualTo(1_000);
    }
}
