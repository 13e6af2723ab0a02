package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerSigningKeys;
import org.pouw.gate.partner.PartnerSigningKeysContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code SqlPartnerSigningKeys} on a real PostgreSQL, and two nodes sharing it. */
class PostgresPartnerSigningKeysIT extends PartnerSigningKeysContract {
    private final OpenStorages storages = new OpenStorages();

    @Override
    protected PartnerSigningKeys newSigningKeys() {
        return GateStores.partnerSigningKeys(storages.open(() -> PostgresTestDatabase.forTestClass(getClass())));
    }

    @AfterEach
    void close() {
        storages.close();
    }

    @Test
    void concurrentRegistrationsAcrossTwoNodesLeaveExactlyTwoActive() throws Exception {
        List<PartnerSigningKeys> nodes = List.of(newSigningKeys(), newSigningKeys());
        List<PartnerKeys.Added> outcomes = ConcurrentCalls.run(20,
                i -> () -> nodes.get(i % 2).add("acme", "did:key:z6MkSigner" + i));
        assertThat(outcomes.stream().filter(o -> o == PartnerKeys.Added.ADDED).count()).isEqualTo(2);
        assertThat(outcomes.stream().filter(o -> o != PartnerKeys.Added.ADDED))
                .containsOnly(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
    }

    @Test
    void aRevocationAtOneNodeIsSeenByTheOtherAtOnce() {
        PartnerSigningKeys first = newSigningKeys();
        PartnerSigningKeys second = newSigningKeys();
        first.add("acme", "did:key:z6MkSignerA");
        assertThat(second.byDid("did:key:z6MkSignerA").orElseThrow().revoked()).isFalse();
        assertThat(first.revoke("did:key:z6MkSignerA")).isTrue();
        assertThat(second.byDid("did:key:z6MkSignerA").orElseThrow().revoked()).isTrue();
    }
}
