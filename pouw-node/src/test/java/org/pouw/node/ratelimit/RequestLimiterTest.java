package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;

/** The limiter's rules, each with the attack it is there for. */
class RequestLimiterTest {
    static final String VICTIM = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
    static final String ATTACKER = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    final SettableClock clock = new SettableClock(1_700_000_000_000L);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InetAddress attackerAddress = AddressLiteral.parse("198.51.100.66").orElseThrow();
    final InetAddress victimAddress = AddressLiteral.parse("203.0.113.5").orElseThrow();

    RequestLimiter limiter(Map<String, String> changes) {
        RateLimitSettings settings = RateLimitTestSettings.with(changes);
        return new RequestLimiter(settings, new LocalBuckets(clock, 10_000, 600_000, true),
                new RateLimitMetrics(registry));
    }

    double denials(LimitClass c, LimitScope scope) {
        return registry.get("pouw_rate_limit_denials").tag("class", c.wire()).tag("reason", scope.wire()).counter()
                .count();
    }

    @Test
    void signInIsLimitedByAddressSoNamingAVictimsDidSpendsOnlyTheAttackersAddress() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.auth.address_burst", "3",
                "rate_limits.auth.address_per_minute", "1"));
        // The attacker asks for challenges in the victim's name until refused; the did it names plays no part.
        int admitted = 0;
        while (limiter.admit(LimitClass.AUTH, false, attackerAddress, Optional.of(VICTIM))
                instanceof Admission.Admitted) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
        assertThat(limiter.admit(LimitClass.AUTH, false, attackerAddress, Optional.empty()))
                .isInstanceOf(Admission.Denied.class);
        // The victim, from its own address, signs in untouched.
        assertThat(limiter.admit(LimitClass.AUTH, false, victimAddress, Optional.empty()))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(denials(LimitClass.AUTH, LimitScope.ADDRESS)).isEqualTo(2);
        assertThat(denials(LimitClass.AUTH, LimitScope.DID)).isZero();
    }

    @Test
    void didBucketsAreKeyedByTheVerifiedDidOnly() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.intents.did_burst", "2",
                "rate_limits.intents.did_per_minute", "1"));
        // The attacker, signed in as itself, spends its own did's bucket from any number of addresses...
        for (int i = 0; i < 2; i++) {
            assertThat(limiter.admit(LimitClass.INTENTS, false, AddressLiteral.parse("192.0.2." + i).orElseThrow(),
                    Optional.of(ATTACKER))).isInstanceOf(Admission.Admitted.class);
        }
        Admission refused = limiter.admit(LimitClass.INTENTS, false, AddressLiteral.parse("192.0.2.9").orElseThrow(),
                Optional.of(ATTACKER));
        assertThat(refused).isEqualTo(new Admission.Denied("intents.did", 60_000));
        // ...and the victim's bucket is whole.
        assertThat(limiter.admit(LimitClass.INTENTS, false, victimAddress, Optional.of(VICTIM)))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(denials(LimitClass.INTENTS, LimitScope.DID)).isEqualTo(1);
    }

    @Test
    void addressBucketsRefuseBeforeAnyDidIsConsulted() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.reads.address_burst", "1"));
        assertThat(limiter.admit(LimitClass.READS, false, attackerAddress, Optional.empty()))
                .isInstanceOf(Admission.Admitted.class);
        Admission refused = limiter.admit(LimitClass.READS, false, attackerAddress, Optional.of(ATTACKER));
        assertThat(refused).isInstanceOf(Admission.Denied.class);
        assertThat(((Admission.Denied) refused).limit()).isEqualTo("reads.address");
        assertThat(((Admission.Denied) refused).retryAfterSeconds()).isEqualTo(1);
    }

    @Test
    void leaseCallsWithAVerifiedTokenPassAnExhaustedAddressButOthersDoNot() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.submissions.address_burst", "1",
                "rate_limits.submissions.address_per_minute", "1"));
        InetAddress shared = AddressLiteral.parse("192.0.2.1").orElseThrow();
        // The neighbour spends the shared address's bucket.
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, shared, Optional.empty()))
                .isInstanceOf(Admission.Admitted.class);
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, shared, Optional.empty()))
                .isInstanceOf(Admission.Denied.class);
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, false, shared, Optional.of(ATTACKER)))
                .as("not a lease call: no exemption").isInstanceOf(Admission.Denied.class);
        // The honest worker's renew still goes through.
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, shared, Optional.of(VICTIM)))
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aClaimCostsOneTokenPerJobClaimed() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.claims.did_burst", "10",
                "rate_limits.claims.did_per_minute", "60"));
        Admission first = limiter.admit(LimitClass.CLAIMS, false, victimAddress, Optional.of(VICTIM));
        ((Admission.Admitted) first).budget().jobsClaimed(10);
        Admission next = limiter.admit(LimitClass.CLAIMS, false, victimAddress, Optional.of(VICTIM));
        assertThat(next).isEqualTo(new Admission.Denied("claims.did", 1_000));
        // A claim that found nothing costs its one token only.
        clock.advance(1_000);
        Admission empty = limiter.admit(LimitClass.CLAIMS, false, victimAddress, Optional.of(VICTIM));
        ((Admission.Admitted) empty).budget().jobsClaimed(0);
        clock.advance(1_000);
        assertThat(limiter.admit(LimitClass.CLAIMS, false, victimAddress, Optional.of(VICTIM)))
                .isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void proofsCostTheirKindsVerificationWeight() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.submissions.did_burst", "40",
                "rate_limits.submissions.did_per_minute", "60", "rate_limits.submission_weights",
                "reexec=1,ml-train=32"));
        Admission first = limiter.admit(LimitClass.SUBMISSIONS, true, victimAddress, Optional.of(VICTIM));
        ((Admission.Admitted) first).budget().proofSubmitted("ml-train");
        // 40 - 32 = 8 left: eight cheap proofs pass, the ninth is refused.
        for (int i = 0; i < 8; i++) {
            Admission a = limiter.admit(LimitClass.SUBMISSIONS, true, victimAddress, Optional.of(VICTIM));
            assertThat(a).isInstanceOf(Admission.Admitted.class);
            ((Admission.Admitted) a).budget().proofSubmitted("reexec");
        }
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, victimAddress, Optional.of(VICTIM)))
                .isInstanceOf(Admission.Denied.class);
        Admission batch = limiter.admit(LimitClass.SUBMISSIONS, true, attackerAddress, Optional.of(ATTACKER));
        ((Admission.Admitted) batch).budget().proofsSubmitted(List.of("ml-train", "reexec", "unknown-kind"));
        // The default burst of 5000 less 34 leaves 4966: a further 4966 units empty it.
        ((Admission.Admitted) limiter.admit(LimitClass.SUBMISSIONS, true, attackerAddress, Optional.of(ATTACKER)))
                .budget().proofsSubmitted(java.util.Collections.nCopies(4966, "reexec"));
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, true, attackerAddress, Optional.of(ATTACKER)))
                .isInstanceOf(Admission.Denied.class);
    }

    @Test
    void leaseCallsThatActedOnNoLiveLeaseAreChargedToTheAddressAfterwards() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.submissions.address_burst", "3",
                "rate_limits.submissions.address_per_minute", "1"));
        // Bogus renews with a verified token pass the address check, but each refused one costs the address.
        for (int i = 0; i < 3; i++) {
            Admission a = limiter.admit(LimitClass.SUBMISSIONS, true, attackerAddress, Optional.of(ATTACKER));
            ((Admission.Admitted) a).budget().notLiveLease(1);
        }
        assertThat(limiter.admit(LimitClass.SUBMISSIONS, false, attackerAddress, Optional.empty()))
                .isInstanceOf(Admission.Denied.class);
    }

    @Test
    void everyClassAndReasonIsExportedAtZeroFromTheStart() {
        limiter(Map.of());
        for (LimitClass c : LimitClass.values()) {
            for (LimitScope scope : LimitScope.values()) {
                assertThat(denials(c, scope)).isZero();
            }
        }
        assertThat(registry.get("pouw_rate_limit_denials").counters())
                .hasSize(LimitClass.values().length * LimitScope.values().length);
    }

    @Test
    void limitsOffAdmitEverything() {
        RequestLimiter limiter = limiter(Map.of("rate_limits.enabled", "false", "rate_limits.auth.address_burst",
                "1"));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.admit(LimitClass.AUTH, false, attackerAddress, Optional.empty()))
                    .isInstanceOf(Admission.Admitted.class);
        }
    }
}
