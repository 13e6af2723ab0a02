package org.pouw.node.gate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

class SourceDifficultyTest {
    private static final String DID_A = "did:key:z6MkA";
    private static final String DID_B = "did:key:z6MkB";

    @Test
    void aBusySourcePaysOneBitPerDoublingWhileOtherSourcesKeepTheBaseBits() throws Exception {
        SourceDifficulty difficulty = new SourceDifficulty(new SettableClock(0), 20, 24, 4);
        InetAddress busy = InetAddress.getByName("10.0.0.7");
        int last = 0;
        for (int i = 1; i <= 16; i++) {
            last = difficulty.next(busy, DID_A);
        }
        assertThat(last).isEqualTo(22);                // 16 = 4 · 2², two doublings past the free share
        assertThat(difficulty.next(InetAddress.getByName("192.168.5.1"), DID_B)).isEqualTo(20);
    }

    @Test
    void spreadingOverAddressesOfOneGroupOrOverDidsDoesNotEscape() throws Exception {
        SourceDifficulty difficulty = new SourceDifficulty(new SettableClock(0), 20, 24, 2);
        int bits = 0;
        for (int i = 1; i <= 8; i++) {
            bits = difficulty.next(InetAddress.getByName("10.0.0." + i), "did:key:z6Mk" + i);
        }
        assertThat(bits).as("one /24, eight DIDs").isEqualTo(22);
        SourceDifficulty byDid = new SourceDifficulty(new SettableClock(0), 20, 24, 2);
        for (int i = 1; i <= 8; i++) {
            bits = byDid.next(InetAddress.getByName("10." + i + ".0.1"), DID_A);
        }
        assertThat(bits).as("eight groups, one DID").isEqualTo(22);
    }

    @Test
    void theCapHoldsAndANewMinuteStartsAfresh() throws Exception {
        SettableClock clock = new SettableClock(0);
        SourceDifficulty difficulty = new SourceDifficulty(clock, 20, 24, 1);
        InetAddress address = InetAddress.getByName("2001:db8::1");
        int bits = 0;
        for (int i = 0; i < 10_000; i++) {
            bits = difficulty.next(address, DID_A);
        }
        assertThat(bits).isEqualTo(24);
        clock.set(60_000);
        assertThat(difficulty.next(address, DID_A)).isEqualTo(20);
    }

    @Test
    void theClassBudgetRefusesBeyondItsRateAndRefillsWithTime() {
        SettableClock clock = new SettableClock(0);
        ChallengeClassBudget budget = new ChallengeClassBudget(clock, 3);
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isFalse();
        clock.set(400);
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isFalse();
    }
}
