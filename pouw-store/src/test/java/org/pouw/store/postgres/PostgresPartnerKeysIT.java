package org.pouw.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.gate.partner.PartnerKey;
import org.pouw.gate.partner.PartnerKeys;
import org.pouw.gate.partner.PartnerKeysContract;
import org.pouw.store.GateStores;
import org.pouw.store.support.ConcurrentCalls;
import org.pouw.store.support.OpenStorages;
import org.pouw.store.support.PostgresTestDatabase;

/** {@code SqlPartnerKeys} on a real PostgreSQL, and two nodes sharing it (A18). */
class PostgresPartnerKeysIT extends PartnerKeysContract {
    private final OpenStorages storages = new OpenStorages();
    private final SplittableRandom random = new SplittableRandom(29);

    @Override
    protected PartnerKeys newPartnerKeys() {
        return GateStores.partnerKeys(storages.open(() -> PostgresTestDatabase.forTestClass(getClass())));
    }

    @AfterEach
    void close() {
        storages.close();
    }

    /** Twenty adds for one partner spread over two nodes: exactly two keys end up unrevoked, the rest refused. */
    @Test
    void concurrentAddsAcrossTwoNodesLeaveExactlyTwoActive() throws Exception {
        List<PartnerKeys> nodes = List.of(newPartnerKeys(), newPartnerKeys());
        List<PartnerKey> candidates = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            candidates.add(PartnerKey.generate(random));
        }
        List<PartnerKeys.Added> outcomes = ConcurrentCalls.run(20, i -> () -> nodes.get(i % 2)
                .add("acme", candidates.get(i).prefix(), candidates.get(i).hash()));
        assertThat(outcomes.stream().filter(o -> o == PartnerKeys.Added.ADDED).count()).isEqualTo(2);
        assertThat(outcomes.stream().filter(o -> o != PartnerKeys.Added.ADDED))
                .containsOnly(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
        long stored = candidates.stream().filter(k -> nodes.getFirst().byPrefix(k.prefix()).isPresent()).count();
        assertThat(stored).isEqualTo(2);
    }

    /** A key revoked through one node is refused by the other at its next lookup: nothing is cached. */
    @Test
    void aRevocationAtOneNodeIsSeenByTheOtherAtOnce() {
        PartnerKeys first = newPartnerKeys();
        PartnerKeys second = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(random);
        first.add("acme", key.prefix(), key.hash());
        assertThat(second.byPrefix(key.prefix()).orElseThrow().revoked()).isFalse();
        assertThat(first.revoke(key.prefix())).isTrue();
        assertThat(second.byPrefix(key.prefix()).orElseThrow().revoked()).isTrue();
        // The revoked key gave its slot back: the partner may add two more, at either node.
        assertThat(second.add("acme", PartnerKey.generate(random).prefix(), key.hash()))
                .isEqualTo(PartnerKeys.Added.ADDED);
    }

    /** A18: every stored value is the prefix, the partner, the hash or the flag; the key's secret is in none. */
    @Test
    void theTableHoldsThePrefixAndTheHashButNotTheKey() throws Exception {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(random);
        keys.add("acme", key.prefix(), key.hash());
        String secret = key.reveal().substring(key.reveal().lastIndexOf('_') + 1);
        PostgresTestDatabase database = (PostgresTestDatabase) storages.database();
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), PostgresTestDatabase.USER,
                "postgres"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT * FROM partner_keys")) {
            while (rows.next()) {
                for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
                    values.add(rows.getString(column));
                }
            }
        }
        assertThat(values).containsExactly(key.prefix(), "acme", HexFormat.of().formatHex(key.hash()), "0");
        assertThat(values).noneMatch(value -> value.contains(secret));
    }
}
