package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.token.AccessClass;

/**
 * Rate limits per access token and per token class (issue 21 §4), each rule with the attack it is there for. The
 * clock never moves here, so no bucket refills during a test. The per-did read bucket is 100 a minute with a burst
 * of 400, so at 1 % a token's read bucket holds 4 and refills one a minute.
 */
class AccessTokenLimitsTest {
    static final String VICTIM = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String ATTACKER = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InetAddress attackerAddress = AddressLiteral.parse("198.51.100.66").orElseThrow();
    final InetAddress victimAddress = AddressLiteral.parse("203.0.113.5").orElseThrow();

    RequestLimiter limiter(Map<String, String> changes) {
        Map<String, String> all = new HashMap<>(Map.of("rate_limits.reads.did_per_minute", "100",
                "rate_limits.reads.did_burst", "400"));
        for (AccessClass c : AccessClass.values()) {
            all.put("rate_limits.access." + c.wire() + ".token_percent", "1");
            all.put("rate_limits.access." + c.wire() + ".class_tokens", "3");
        }
        all.putAll(changes);
        return new RequestLimiter(RateLimitTestSettings.with(all), new LocalBuckets(clock, 10_000, 600_000, true),
                new RateLimitMetrics(registry));
    }

    static TokenHolder token(String jti, AccessClass accessClass, String did) {
        return new TokenHolder(jti, accessClass, Optional.ofNullable(did));
    }

    int admitted(RequestLimiter limiter, InetAddress from, TokenHolder token, int tries) {
        int admitted = 0;
        for (int i = 0; i < tries; i++) {
            if (limiter.admit(LimitClass.READS, from, token) instanceof Admission.Admitted) {
                admitted++;
            }
        }
        return admitted;
    }

    double denials(LimitScope scope) {
        return registry.get("pouw_rate_limit_denials").tag("class", "reads").tag("reason", scope.wire()).counter()
                .count();
    }

    @Test
    void aTokenHammeringPastItsLimitIsRefusedWithRetryAfterAndLimitsNoOtherTokenNorClass() {
        RequestLimiter limiter = limiter(Map.of());
        TokenHolder abuser = token("aa", AccessClass.WORK, ATTACKER);
        assertThat(admitted(limiter, attackerAddress, abuser, 4)).isEqualTo(4);
        for (int i = 0; i < 50; i++) {
            assertThat(limiter.admit(LimitClass.READS, attackerAddress, abuser))
                    .isEqualTo(new Admission.Denied("reads.token", 60_000));
        }
        // Another token of the same class, and tokens of other classes, each get their whole bucket: the refused
        // requests spent nothing of the class (3 tokens' worth = 12, of which the abuser took only its 4).
        assertThat(admitted(limiter, victimAddress, token("bb", AccessClass.WORK, VICTIM), 4)).isEqualTo(4);
        assertThat(admitted(limiter, victimAddress, token("cc", AccessClass.MINER, VICTIM), 4)).isEqualTo(4);
        assertThat(admitted(limiter, victimAddress, token("dd", AccessClass.PARTNER, null), 4)).isEqualTo(4);
        assertThat(denials(LimitScope.TOKEN)).isEqualTo(50);
        assertThat(denials(LimitScope.TOKEN_CLASS)).isZero();
    }

    @Test
    void mintingMoreTokensOfAClassBuysNoMoreThanTheClass() {
        RequestLimiter limiter = limiter(Map.of());
        // Anonymous tokens cost nothing: an attacker mints a new one whenever the last is spent...
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += admitted(limiter, attackerAddress, token("anon-" + i, AccessClass.LOW, null), 4);
        }
        // ...and gets the class's 12 in all, not 80.
        assertThat(admitted).isEqualTo(12);
        assertThat(limiter.admit(LimitClass.READS, attackerAddress, token("anon-next", AccessClass.LOW, null)))
                .isEqualTo(new Admission.Denied("reads.token_class", 20_000));
        // Another class is untouched.
        assertThat(admitted(limiter, victimAddress, token("w", AccessClass.WORK, VICTIM), 4)).isEqualTo(4);
    }

    @Test
    void manyTokensOfOneDidShareTheDidsBucket() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.reads.did_burst", "6",
                "rate_limits.access.work.token_percent", "100", "rate_limits.access.work.class_tokens", "100"));
        int admitted = 0;
        for (int i = 0; i < 5; i++) {
            admitted += admitted(limiter, attackerAddress, token("t" + i, AccessClass.WORK, ATTACKER), 6);
        }
        assertThat(admitted).isEqualTo(6);
        assertThat(limiter.admit(LimitClass.READS, attackerAddress, token("t9", AccessClass.WORK, ATTACKER)))
                .isInstanceOf(Admission.Denied.class).extracting(d -> ((Admission.Denied) d).limit())
                .isEqualTo("reads.did");
        // The same did signed in (a login token) has spent its quota too: one quota per did, however presented.
        assertThat(limiter.admit(LimitClass.READS, false, victimAddress, Optional.of(ATTACKER)))
                .isInstanceOf(Admission.Denied.class);
        assertThat(limiter.admit(LimitClass.READS, false, victimAddress, Optional.of(VICTIM)))
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aLowTokenKeepsItsAddressLimitAndAPaidOneReplacesIt() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.reads.address_burst", "2",
                "rate_limits.access.low.class_tokens", "100"));
        // A neighbour behind the same address spends the address's reads.
        assertThat(limiter.admit(LimitClass.READS, false, attackerAddress, Optional.empty()))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.admit(LimitClass.READS, false, attackerAddress, Optional.empty()))
                .isInstanceOf(Admission.Admitted.class);
        // A free token is no way round the address limit...
        assertThat(limiter.admit(LimitClass.READS, attackerAddress, token("free", AccessClass.LOW, null)))
                .isInstanceOf(Admission.Denied.class).extracting(d -> ((Admission.Denied) d).limit())
                .isEqualTo("reads.address");
        // ...a paid one is limited by what it paid for, not by the neighbour.
        assertThat(admitted(limiter, attackerAddress, token("paid", AccessClass.WORK, VICTIM), 4)).isEqualTo(4);
    }

    @Test
    void workChargedAfterwardsIsChargedToTheTokenAndItsClass() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.claims.did_per_minute", "100",
                "rate_limits.claims.did_burst", "1000", "rate_limits.access.work.token_percent", "1",
                "rate_limits.access.work.class_tokens", "2"));
        TokenHolder claimer = token("claimer", AccessClass.WORK, ATTACKER);
        Admission first = limiter.admit(LimitClass.CLAIMS, attackerAddress, claimer);
        assertThat(first).isInstanceOf(Admission.Admitted.class);
        // The claim returned 10 jobs: the token's bucket of 10 is spent, and so is half the class's 20.
        ((Admission.Admitted) first).budget().jobsClaimed(10);
        assertThat(limiter.admit(LimitClass.CLAIMS, attackerAddress, claimer)).isInstanceOf(Admission.Denied.class);
        int others = 0;
        for (int i = 0; i < 20; i++) {
            if (limiter.admit(LimitClass.CLAIMS, victimAddress, token("o" + i, AccessClass.WORK, VICTIM))
                    instanceof Admission.Admitted) {
                others++;
            }
        }
        assertThat(others).isEqualTo(10);
    }

    @Test
    void signInIsLimitedByAddressAloneWithATokenToo() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.auth.address_burst", "2",
                "rate_limits.auth.address_per_minute", "1"));
        TokenHolder partner = token("p", AccessClass.PARTNER, null);
        assertThat(limiter.admit(LimitClass.AUTH, attackerAddress, partner)).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.admit(LimitClass.AUTH, attackerAddress, partner)).isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.admit(LimitClass.AUTH, attackerAddress, partner))
                .isEqualTo(new Admission.Denied("auth.address", 60_000));
    }
}
