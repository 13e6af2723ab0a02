package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What every {@link PartnerKeys} adapter must do: in memory here; SQLite and PostgreSQL in pouw-store, through this
 * module's test jar.
 */
public abstract class PartnerKeysContract {
    protected abstract PartnerKeys newPartnerKeys();

    private final SplittableRandom random = new SplittableRandom(17);

    @Test
    void aKeyIsFoundByItsPrefixWithItsHashAndPartner() {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(random);
        assertThat(keys.add("acme", key.prefix(), key.hash())).isEqualTo(PartnerKeys.Added.ADDED);
        StoredPartnerKey stored = keys.byPrefix(key.prefix()).orElseThrow();
        assertThat(stored.partnerId()).isEqualTo("acme");
        assertThat(stored.keyHash()).isEqualTo(key.hash());
        assertThat(stored.revoked()).isFalse();
        assertThat(keys.byPrefix("000000000000")).isEmpty();
    }

    @Test
    void aThirdActiveKeyForOnePartnerIsRefusedUntilOneIsRevoked() {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey first = PartnerKey.generate(random);
        PartnerKey second = PartnerKey.generate(random);
        PartnerKey third = PartnerKey.generate(random);
        assertThat(keys.add("acme", first.prefix(), first.hash())).isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.add("acme", second.prefix(), second.hash())).isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.add("acme", third.prefix(), third.hash())).isEqualTo(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
        assertThat(keys.byPrefix(third.prefix())).isEmpty();
        // Another partner is not limited by acme's keys.
        assertThat(keys.add("globex", third.prefix(), third.hash())).isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.revoke(first.prefix())).isTrue();
        PartnerKey fourth = PartnerKey.generate(random);
        assertThat(keys.add("acme", fourth.prefix(), fourth.hash())).isEqualTo(PartnerKeys.Added.ADDED);
    }

    @Test
    void aRevokedKeyStaysKnownAndRevoked() {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(random);
        keys.add("acme", key.prefix(), key.hash());
        assertThat(keys.revoke(key.prefix())).isTrue();
        assertThat(keys.byPrefix(key.prefix()).orElseThrow().revoked()).isTrue();
        assertThat(keys.revoke("000000000000")).isFalse();
    }

    @Test
    void aPartnersKeysAreListedByPrefixRevokedOnesToo() {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey first = PartnerKey.generate(random);
        PartnerKey second = PartnerKey.generate(random);
        PartnerKey other = PartnerKey.generate(random);
        keys.add("acme", first.prefix(), first.hash());
        keys.add("acme", second.prefix(), second.hash());
        keys.add("globex", other.prefix(), other.hash());
        keys.revoke(first.prefix());
        List<StoredPartnerKey> listed = keys.keysOf("acme");
        assertThat(listed).extracting(StoredPartnerKey::prefix)
                .containsExactly(first.prefix().compareTo(second.prefix()) < 0
                        ? new String[] {first.prefix(), second.prefix()}
                        : new String[] {second.prefix(), first.prefix()});
        assertThat(listed).filteredOn(StoredPartnerKey::revoked).extracting(StoredPartnerKey::prefix)
                .containsExactly(first.prefix());
        assertThat(keys.keysOf("nobody")).isEmpty();
    }

    @Test
    void aTakenPrefixIsRefused() {
        PartnerKeys keys = newPartnerKeys();
        PartnerKey key = PartnerKey.generate(random);
        keys.add("acme", key.prefix(), key.hash());
        assertThat(keys.add("globex", key.prefix(), PartnerKey.generate(random).hash()))
                .isEqualTo(PartnerKeys.Added.PREFIX_TAKEN);
        assertThat(keys.byPrefix(key.prefix()).orElseThrow().partnerId()).isEqualTo("acme");
    }

    @Test
    void tenConcurrentAddsForOnePartnerLeaveExactlyTwoActive() throws Exception {
        PartnerKeys keys = newPartnerKeys();
        List<PartnerKey> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(PartnerKey.generate(random));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PartnerKeys.Added>> outcomes = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(10)) {
            for (PartnerKey key : candidates) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    return keys.add("acme", key.prefix(), key.hash());
                }));
            }
            start.countDown();
        }
        int added = 0;
        for (Future<PartnerKeys.Added> outcome : outcomes) {
            if (outcome.get() == PartnerKeys.Added.ADDED) {
                added++;
            }
        }
        assertThat(added).isEqualTo(PartnerKeys.MAX_ACTIVE_PER_PARTNER);
    }
}
