package org.pouw.p2p.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;
import org.pouw.p2p.peers.AddressRecord;
import org.pouw.p2p.peers.InMemoryPeerBook;

class AddressBookTest {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-06T00:00:00Z"));
    private final InstantSource clock = now::get;
    private final InMemoryPeerBook book = new InMemoryPeerBook();
    private final Ed25519.KeyPair attackerKey = Ed25519.KeyPair.generate();

    private AddressBook newBook() {
        return new AddressBook(book, clock, new SplittableRandom(7));
    }

    private SignedAddress signed(Ed25519.KeyPair keys, String host, int port) {
        return SignedAddress.sign(keys, host, port, now.get());
    }

    /**
     * 200 honest addresses in 200 /16 groups, each told by a different honest peer; the ones the book took. Two of
     * them may hash to one slot of 65,536 (about one run in four, the book's key being fresh each run), and a slot's
     * good entry is never displaced, so nearly all are taken, not always all.
     */
    private List<SignedAddress> honest(AddressBook addresses) {
        List<SignedAddress> honest = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            SignedAddress address = signed(Ed25519.KeyPair.generate(), "45." + i + ".7.1", 9333);
            if (addresses.add(address, "81." + i + ".0.1")) {
                honest.add(address);
            }
        }
        assertThat(honest).hasSizeGreaterThanOrEqualTo(195);
        return honest;
    }

    @Test
    void oneSourceGroupFillsAtMostItsBoundedSetOfNewBucketsAndDisplacesNoGoodEntry() {
        AddressBook addresses = newBook();
        List<SignedAddress> honest = honest(addresses);

        // One attacker network (198.51.0.0/16) sends 6,000 addresses spread over 6,000 /16 groups, from many hosts.
        int accepted = 0;
        for (int i = 0; i < 6_000; i++) {
            String host = (11 + i % 60) + "." + (i / 60) + ".0.9";
            if (addresses.add(signed(attackerKey, host, 8000 + i % 7), "198.51." + (i % 250) + ".1")) {
                accepted++;
            }
        }

        assertThat(addresses.newBucketsOfSource("198.51.0.1")).hasSizeLessThanOrEqualTo(
                AddressBook.NEW_BUCKETS_PER_SOURCE_GROUP);
        assertThat(accepted).as("at most 64 buckets of 64 slots").isLessThanOrEqualTo(64 * 64).isGreaterThan(2_000);
        for (SignedAddress address : honest) {
            assertThat(addresses.tableOf(address.host(), address.port())).as(address.hostAndPort()).contains("new");
        }
    }

    @Test
    void aTimestampAheadOfTheLocalClockIsRefusedOrClampedToIt() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        SignedAddress farAhead = SignedAddress.sign(keys, "45.1.1.1", 9000, now.get().plus(Duration.ofMinutes(11)));
        SignedAddress slightlyAhead = SignedAddress.sign(keys, "45.1.1.2", 9000, now.get().plusSeconds(300));
        SignedAddress stale = SignedAddress.sign(keys, "45.1.1.3", 9000, now.get().minus(Duration.ofDays(31)));

        assertThat(addresses.add(farAhead, "81.0.0.1")).isFalse();
        assertThat(addresses.add(stale, "81.0.0.1")).isFalse();
        assertThat(addresses.add(slightlyAhead, "81.0.0.1")).isTrue();
        addresses.flush();
        assertThat(book.addressTable()).singleElement().satisfies(record -> {
            assertThat(record.host()).isEqualTo("45.1.1.2");
            assertThat(record.lastSeen()).as("never past the local clock").isEqualTo(now.get());
        });
    }

    @Test
    void anAddressSignedByAnotherKeyOrAlteredAfterSigningIsRefused() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        SignedAddress genuine = signed(keys, "45.1.1.1", 9000);
        SignedAddress otherPort = new SignedAddress(genuine.peerId(), genuine.host(), 9001, genuine.timestamp(),
                genuine.signature());
        SignedAddress otherKey = new SignedAddress(Ed25519.KeyPair.generate().did(), genuine.host(), 9000,
                genuine.timestamp(), genuine.signature());

        assertThat(addresses.add(otherPort, "81.0.0.1")).isFalse();
        assertThat(addresses.add(otherKey, "81.0.0.1")).isFalse();
        assertThat(addresses.newCount()).isZero();
        assertThat(addresses.add(genuine, "81.0.0.1")).isTrue();
    }

    @Test
    void aReachedAddressMovesToTriedAndKeepsTheKeyThatAnswered() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair real = Ed25519.KeyPair.generate();
        addresses.add(signed(real, "45.1.1.1", 9000), "81.0.0.1");
        addresses.attempt("45.1.1.1", 9000);
        addresses.good("45.1.1.1", 9000, real.did());

        assertThat(addresses.tableOf("45.1.1.1", 9000)).contains("tried");
        assertThat(addresses.newCount()).isZero();
        assertThat(addresses.triedCount()).isOne();

        // Someone signs the same host and port with a key of its own: the entry keeps the key that answered there.
        now.set(now.get().plusSeconds(60));
        addresses.add(signed(attackerKey, "45.1.1.1", 9000), "198.51.0.1");
        assertThat(addresses.select(false)).get().satisfies(candidate ->
                assertThat(candidate.peerId()).isEqualTo(real.did().toString()));
    }

    @Test
    void testBeforeEvictKeepsAnIncumbentThatAnswersAndReplacesOneThatFails() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        // Addresses of one /16 share 8 tried buckets (512 slots): good() them until one collides.
        String incumbent = null;
        String candidate = null;
        List<String> placed = new ArrayList<>();
        for (int i = 1; i < 2_000 && candidate == null; i++) {
            String host = "45.9." + (i / 250) + "." + (i % 250 + 1);
            addresses.add(signed(keys, host, 9000), "81.0.0.1");
            addresses.good(host, 9000, keys.did());
            if (addresses.collisionCount() == 1) {
                candidate = host;
            } else {
                placed.add(host);
            }
        }
        assertThat(candidate).as("a collision within 2,000 addresses of one group").isNotNull();
        assertThat(addresses.tableOf(candidate, 9000)).contains("new");
        AddressBook.Candidate tested = addresses.collisionToTest().orElseThrow();
        incumbent = tested.host();
        assertThat(placed).contains(incumbent);

        // The incumbent answered within four hours: it stays, and the candidate stays new.
        addresses.resolveCollisions();
        assertThat(addresses.collisionCount()).isZero();
        assertThat(addresses.tableOf(incumbent, 9000)).contains("tried");
        assertThat(addresses.tableOf(candidate, 9000)).contains("new");

        // Five hours on the candidate is reached again; the feeler tries the incumbent, which does not answer.
        now.set(now.get().plus(Duration.ofHours(5)));
        addresses.good(candidate, 9000, keys.did());
        assertThat(addresses.collisionCount()).isOne();
        now.set(now.get().plusSeconds(30));
        addresses.attempt(incumbent, 9000);
        addresses.resolveCollisions();
        assertThat(addresses.tableOf(candidate, 9000)).contains("tried");
        assertThat(addresses.tableOf(incumbent, 9000)).as("back to new, not forgotten").contains("new");
    }

    @Test
    void anUntestedCollisionWaitsFortyMinutesBeforeTheIncumbentMakesWay() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        String candidate = null;
        for (int i = 1; i < 2_000 && candidate == null; i++) {
            String host = "45.9." + (i / 250) + "." + (i % 250 + 1);
            addresses.add(signed(keys, host, 9000), "81.0.0.1");
            addresses.good(host, 9000, keys.did());
            if (addresses.collisionCount() == 1) {
                candidate = host;
            }
        }
        now.set(now.get().plus(Duration.ofHours(5)));
        addresses.good(candidate, 9000, keys.did());    // the earlier collision was settled in no one's favour yet
        addresses.resolveCollisions();
        assertThat(addresses.tableOf(candidate, 9000)).contains("new");
        now.set(now.get().plus(Duration.ofMinutes(41)));
        addresses.resolveCollisions();
        assertThat(addresses.tableOf(candidate, 9000)).contains("tried");
    }

    /**
     * Configured addresses share one source group, so they fall into at most 64 new buckets: two of ten collided in
     * one slot about one start in a hundred (EclipseTest's victim then had nine bootstrap peers for ten slots and
     * waited for ever). 200 configured addresses under a fixed key collide several times over in their hashed
     * slots; each one is still kept, and kept again after a restart.
     */
    @Test
    void everyConfiguredAddressIsKeptEvenWhereTheirHashedSlotsCollide() {
        byte[] key = new byte[32];
        new SplittableRandom(20).nextBytes(key);
        book.saveBucketKey(key);
        AddressBook addresses = newBook();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hosts.add("45." + i + ".0.1");
        }

        for (String host : hosts) {
            assertThat(addresses.addConfigured(host, 9333)).as(host).isTrue();
        }
        addresses.flush();
        AddressBook restarted = newBook();

        assertThat(addresses.newCount()).isEqualTo(200);
        assertThat(restarted.newCount()).isEqualTo(200);
        for (String host : hosts) {
            assertThat(restarted.tableOf(host, 9333)).as(host).contains("new");
        }
        assertThat(addresses.addConfigured(hosts.get(0), 9333)).as("a second time: already known").isFalse();
    }

    @Test
    void theTablesAndTheKeySurviveARestartThroughTheBook() {
        AddressBook addresses = newBook();
        honest(addresses);
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        addresses.add(signed(keys, "2001:db8:5::1", 9000), "81.0.0.1");
        addresses.good("2001:db8:5::1", 9000, keys.did());
        addresses.addConfigured("seed.example.org", 9333);
        addresses.flush();
        List<AddressRecord> before = addresses.records();

        AddressBook restarted = newBook();

        assertThat(restarted.records()).isEqualTo(before);
        assertThat(restarted.newCount()).isEqualTo(addresses.newCount());
        assertThat(restarted.triedCount()).isOne();
        assertThat(restarted.newBucketsOfSource("81.5.0.1")).isEqualTo(addresses.newBucketsOfSource("81.5.0.1"));
        assertThat(restarted.tableOf("2001:db8:5::1", 9000)).contains("tried");
    }

    @Test
    void gossipCarriesOnlySignedAddressesAtMostAThousand() {
        AddressBook addresses = newBook();
        addresses.addConfigured("45.200.0.1", 9333);
        for (int i = 0; i < 1_500; i++) {
            addresses.add(signed(attackerKey, (11 + i % 200) + "." + (i / 200) + ".0.1", 9000), "81." + (i % 200)
                    + ".0.1");
        }
        List<SignedAddress> sample = addresses.sample();
        assertThat(sample).as("23 % of the table").hasSize(addresses.records().size() * 23 / 100);
        assertThat(sample).allSatisfy(address -> assertThat(address.verifies()).isTrue());
        assertThat(sample).noneMatch(address -> address.host().equals("45.200.0.1"));
    }

    @Test
    void selectPrefersNeitherTableAndFeelersTakeNewOnes() {
        AddressBook addresses = newBook();
        Ed25519.KeyPair keys = Ed25519.KeyPair.generate();
        addresses.add(signed(keys, "45.1.1.1", 9000), "81.0.0.1");
        addresses.add(signed(keys, "46.1.1.1", 9000), "81.0.0.1");
        addresses.good("45.1.1.1", 9000, keys.did());
        int tried = 0;
        for (int i = 0; i < 200; i++) {
            if (addresses.select(false).orElseThrow().tried()) {
                tried++;
            }
            assertThat(addresses.select(true).orElseThrow().host()).isEqualTo("46.1.1.1");
        }
        assertThat(tried).isBetween(60, 140);
    }

    @Test
    void groupsAreIpv4Slash16AndIpv6Slash32() {
        assertThat(AddressGroup.of("203.0.113.5")).isEqualTo(AddressGroup.of("203.0.7.9"));
        assertThat(AddressGroup.of("203.0.113.5")).isNotEqualTo(AddressGroup.of("203.1.113.5"));
        assertThat(AddressGroup.of("2001:db8:1::1")).isEqualTo(AddressGroup.of("2001:db8:ffff::2"));
        assertThat(AddressGroup.of("2001:db8:1::1")).isNotEqualTo(AddressGroup.of("2001:db9::1"));
        assertThat(AddressGroup.of("::ffff:203.0.113.5")).isEqualTo(AddressGroup.of("203.0.1.1"));
        assertThat(AddressGroup.of("Seed.Example.org").name()).isEqualTo("name:seed.example.org");
        assertThat(IpLiteral.parse("seed.example.org")).isEmpty();
        assertThat(IpLiteral.parse("256.1.1.1")).isEmpty();
        assertThat(IpLiteral.isPublic(IpLiteral.parse("10.1.2.3").orElseThrow())).isFalse();
        assertThat(IpLiteral.isPublic(IpLiteral.parse("fd00::1").orElseThrow())).isFalse();
        assertThat(IpLiteral.isPublic(IpLiteral.parse("45.1.2.3").orElseThrow())).isTrue();
    }
}
