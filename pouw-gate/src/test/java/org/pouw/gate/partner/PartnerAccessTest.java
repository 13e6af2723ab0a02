package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pouw.core.SettableClock;
import org.pouw.gate.GateVerdict;
import org.pouw.gate.RejectionReason;
import org.pouw.gate.redeem.InMemoryRedemptions;

/**
 * Partner keys and budgets (issue 21 §4): two nodes share one key store and one budget store, as two nodes on one
 * database do; each attack is a request a node refuses.
 */
class PartnerAccessTest {
    private static final long T0 = 1_760_000_000_000L;
    private final SettableClock clock = new SettableClock(T0);
    private final InMemoryPartnerKeys keys = new InMemoryPartnerKeys();
    private final InMemoryPartnerBudgets budgets = new InMemoryPartnerBudgets();
    private final PartnerBudget budget = new PartnerBudget(3, 60_000);
    private final InMemoryPartnerSigningKeys signers = new InMemoryPartnerSigningKeys();
    private final InMemoryRedemptions redemptions = new InMemoryRedemptions();
    private final PartnerAccess nodeA = new PartnerAccess(keys, signedRequests(), budgets, clock, budget, Map.of());
    private final PartnerAccess nodeB = new PartnerAccess(keys, signedRequests(), budgets, clock, budget, Map.of());
    private final SplittableRandom random = new SplittableRandom(23);

    private PartnerRequestCheck signedRequests() {
        return new PartnerRequestCheck(signers, redemptions, clock, "node-a", 5_000);
    }

    private static RejectionReason reason(GateVerdict<?> verdict) {
        assertThat(verdict).isInstanceOf(GateVerdict.Rejected.class);
        return ((GateVerdict.Rejected<?>) verdict).reason();
    }

    private PartnerKey newKey(String partner) {
        GateVerdict<PartnerKey> made = PartnerAccess.createKey(keys, partner, random);
        assertThat(made).isInstanceOf(GateVerdict.Accepted.class);
        return ((GateVerdict.Accepted<PartnerKey>) made).value();
    }

    @Test
    void aPartnerKeyAdmitsItsPartnerOnEveryNode() {
        PartnerKey key = newKey("acme");
        assertThat(nodeA.admit(key.reveal())).isEqualTo(GateVerdict.accepted("acme"));
        assertThat(nodeB.admit(key.reveal())).isEqualTo(GateVerdict.accepted("acme"));
    }

    @Test
    void aRevokedKeyIsRefusedAtOnceByEveryNode() {
        PartnerKey key = newKey("acme");
        assertThat(nodeB.admit(key.reveal()).isAccepted()).isTrue();
        keys.revoke(key.prefix()); // through node A's admin call
        assertThat(reason(nodeA.admit(key.reveal()))).isEqualTo(RejectionReason.REVOKED);
        assertThat(reason(nodeB.admit(key.reveal()))).isEqualTo(RejectionReason.REVOKED);
    }

    @Test
    void aThirdKeyForOnePartnerIsRefusedAndRotationWorks() {
        PartnerKey old = newKey("acme");
        PartnerKey next = newKey("acme");
        assertThat(reason(PartnerAccess.createKey(keys, "acme", random))).isEqualTo(RejectionReason.KEY_LIMIT);
        // Rotation: both work while the partner moves over, then the old one is revoked and a new slot opens.
        assertThat(nodeA.admit(old.reveal()).isAccepted()).isTrue();
        assertThat(nodeA.admit(next.reveal()).isAccepted()).isTrue();
        keys.revoke(old.prefix());
        assertThat(reason(nodeA.admit(old.reveal()))).isEqualTo(RejectionReason.REVOKED);
        assertThat(PartnerAccess.createKey(keys, "acme", random).isAccepted()).isTrue();
    }

    @Test
    void theBudgetIsSharedAcrossNodesAndRefillsNextInterval() {
        PartnerKey key = newKey("acme");
        assertThat(nodeA.admit(key.reveal()).isAccepted()).isTrue();
        assertThat(nodeB.admit(key.reveal()).isAccepted()).isTrue();
        assertThat(nodeA.admit(key.reveal()).isAccepted()).isTrue();
        assertThat(reason(nodeB.admit(key.reveal()))).isEqualTo(RejectionReason.BUDGET_EXHAUSTED);
        clock.set(budget.intervalStart(T0) + 60_000);
        assertThat(nodeB.admit(key.reveal()).isAccepted()).isTrue();
    }

    @Test
    void aPerPartnerBudgetOverridesTheDefault() {
        PartnerKey big = newKey("globex");
        PartnerAccess node = new PartnerAccess(keys, signedRequests(), budgets, clock, budget,
                Map.of("globex", new PartnerBudget(5, 60_000)));
        for (int i = 0; i < 5; i++) {
            assertThat(node.admit(big.reveal()).isAccepted()).isTrue();
        }
        assertThat(reason(node.admit(big.reveal()))).isEqualTo(RejectionReason.BUDGET_EXHAUSTED);
    }

    @Test
    void aWrongSecretUnderARealPrefixAndAnUnknownPrefixGetTheSameAnswer() {
        PartnerKey key = newKey("acme");
        String text = key.reveal();
        char last = text.charAt(text.length() - 1);
        String wrongSecret = text.substring(0, text.length() - 1) + (last == 'A' ? 'B' : 'A');
        GateVerdict<String> wrong = nodeA.admit(wrongSecret);
        GateVerdict<String> unknown = nodeA.admit(PartnerKey.generate(random).reveal());
        assertThat(reason(wrong)).isEqualTo(RejectionReason.UNKNOWN_KEY);
        assertThat(wrong).isEqualTo(unknown);
        assertThat(reason(nodeA.admit("Bearer " + text))).isEqualTo(RejectionReason.MALFORMED);
        // None of the refusals spent the budget.
        for (int i = 0; i < 3; i++) {
            assertThat(nodeA.admit(text).isAccepted()).isTrue();
        }
    }

    @Test
    void keysAreRedactedInToStringAndStoredOnlyHashed() {
        PartnerKey key = newKey("acme");
        String secret = key.reveal().substring(key.reveal().lastIndexOf('_') + 1);
        assertThat(key.toString()).contains(key.prefix()).doesNotContain(secret);
        StoredPartnerKey stored = keys.byPrefix(key.prefix()).orElseThrow();
        assertThat(stored.toString()).contains(key.prefix()).doesNotContain(secret)
                .doesNotContain(java.util.HexFormat.of().formatHex(stored.keyHash()));
        assertThat(stored.keyHash()).isEqualTo(key.hash()).isNotEqualTo(key.reveal().getBytes());
    }
}
