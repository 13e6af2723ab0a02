package org.pouw.store.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pouw.core.port.Storage;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.discovery.AddressBook;
import org.pouw.p2p.discovery.SignedAddress;
import org.pouw.p2p.peers.AddressRecord;
import org.pouw.p2p.peers.BanList;
import org.pouw.p2p.peers.KnownAddress;
import org.pouw.p2p.peers.PeerBook;
import org.pouw.p2p.peers.PeerBookContract;
import org.pouw.store.PeerBookStores;
import org.pouw.store.support.TestDatabase;

/**
 * pouw-p2p's {@link PeerBookContract} on the node's database, plus what only a database adds: the address manager's
 * tables, its key, the anchors and the bans survive closing the store and opening it again (issue 20 §6).
 */
public abstract class SqlPeerBookContract extends PeerBookContract {
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");
    private final List<Storage> opened = new ArrayList<>();
    private TestDatabase database;

    /** A new, empty database; SQLite subclasses put it in a temporary folder, PostgreSQL ones on the shared server. */
    protected abstract TestDatabase newDatabase();

    private Storage open() {
        if (database == null) {
            database = newDatabase();
        }
        Storage storage = database.open();
        opened.add(storage);
        return storage;
    }

    @Override
    protected PeerBook newBook() {
        return PeerBookStores.on(open());
    }

    @AfterEach
    void closeStorages() {
        opened.forEach(Storage::close);
        opened.clear();
    }

    @Test
    void theAddressManagerAnchorsAndBansSurviveARestartOfTheStore() {
        InstantSource clock = () -> T0;
        Storage first = open();
        PeerBook book = PeerBookStores.on(first);
        AddressBook addresses = new AddressBook(book, clock, new SplittableRandom(1));
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        for (int i = 0; i < 40; i++) {
            addresses.add(SignedAddress.sign(keys, "45." + i + ".0.1", 9000, T0), "81." + (i % 5) + ".0.1");
        }
        addresses.addConfigured("2001:db8::9", 9333);
        for (int i = 0; i < 3; i++) {
            addresses.good("45." + i + ".0.1", 9000, keys.did());
        }
        addresses.attempt("45.30.0.1", 9000);
        addresses.flush();
        new BanList(book, clock).ban("203.0.113.5", Duration.ofDays(1), "oversized");
        List<KnownAddress> anchors = List.of(new KnownAddress("45.1.0.1", 9000, keys.did().toString(), T0));
        book.saveAnchors(anchors);
        List<AddressRecord> before = addresses.records();
        first.close();
        opened.remove(first);

        PeerBook reopened = PeerBookStores.on(open());
        AddressBook restarted = new AddressBook(reopened, clock, new SplittableRandom(2));

        assertThat(restarted.records()).isEqualTo(before);
        assertThat(restarted.triedCount()).isEqualTo(3);
        assertThat(restarted.newCount()).isEqualTo(addresses.newCount());
        assertThat(restarted.newBucketsOfSource("81.2.0.1")).as("the same key, the same buckets")
                .isEqualTo(addresses.newBucketsOfSource("81.2.0.1"));
        assertThat(new BanList(reopened, clock).isBanned("203.0.113.5")).isTrue();
        assertThat(reopened.anchors()).isEqualTo(anchors);
    }
}
