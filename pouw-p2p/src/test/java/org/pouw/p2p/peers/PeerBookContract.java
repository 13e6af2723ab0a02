package org.pouw.p2p.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pouw.crypto.Ed25519;

/**
 * What every {@link PeerBook} adapter must do, in-memory now and SQL in pouw-store later: one subclass per adapter
 * supplies a fresh, empty book.
 */
public abstract class PeerBookContract {
    private static final Instant T0 = Instant.parse("2026-12-06T00:00:00Z");

    protected abstract PeerBook newBook();

    @Test
    void bansAreStoredReplacedListedBySubjectAndRemoved() {
        PeerBook book = newBook();
        book.saveBan(new Ban("10.0.0.9", T0.plusSeconds(60), "flooding"));
        book.saveBan(new Ban("10.0.0.1", T0.plusSeconds(30), "malformed"));
        book.saveBan(new Ban("10.0.0.9", T0.plusSeconds(90), "flooding again"));

        assertThat(book.bans()).containsExactly(new Ban("10.0.0.1", T0.plusSeconds(30), "malformed"),
                new Ban("10.0.0.9", T0.plusSeconds(90), "flooding again"));

        book.removeBan("10.0.0.1");
        book.removeBan("never-banned");
        assertThat(book.bans()).containsExactly(new Ban("10.0.0.9", T0.plusSeconds(90), "flooding again"));
    }

    @Test
    void addressesAreKeptByHostAndPortInOrder() {
        PeerBook book = newBook();
        String did = Ed25519.KeyPair.generate().did().toString();
        book.saveAddress(new KnownAddress("192.0.2.7", 9000, "", T0));
        book.saveAddress(new KnownAddress("192.0.2.7", 8000, "", T0));
        book.saveAddress(new KnownAddress("192.0.2.7", 9000, did, T0.plusSeconds(5)));
        book.saveAddress(new KnownAddress("2001:db8::1", 8000, "", T0));

        assertThat(book.addresses()).containsExactly(new KnownAddress("192.0.2.7", 8000, "", T0),
                new KnownAddress("192.0.2.7", 9000, did, T0.plusSeconds(5)),
                new KnownAddress("2001:db8::1", 8000, "", T0));
    }

    @Test
    void theBucketKeyIsSavedOnceAndNeverReplaced() {
        PeerBook book = newBook();
        assertThat(book.bucketKey()).isEmpty();
        byte[] key = new byte[32];
        key[0] = 7;
        book.saveBucketKey(key);
        book.saveBucketKey(key.clone());
        assertThat(book.bucketKey()).get().isEqualTo(key);
        byte[] other = new byte[32];
        assertThatThrownBy(() -> book.saveBucketKey(other)).isInstanceOf(IllegalStateException.class);
        assertThat(book.bucketKey()).get().isEqualTo(key);
    }

    @Test
    void theAddressTableIsUpdatedByReplacingAndRemovingEntries() {
        PeerBook book = newBook();
        String did = Ed25519.KeyPair.generate().did().toString();
        String signature = "ab".repeat(64);
        AddressRecord fresh = new AddressRecord("45.1.2.3", 9000, did, "ipv4:81.2", false, T0, Instant.EPOCH,
                Instant.EPOCH, 0, T0.getEpochSecond(), signature);
        AddressRecord other = new AddressRecord("2001:db8::7", 9001, "", "configured", false, T0, Instant.EPOCH,
                Instant.EPOCH, 0, 0, "");
        AddressRecord gone = new AddressRecord("45.1.2.4", 9000, "", "ipv4:81.2", false, T0, Instant.EPOCH,
                Instant.EPOCH, 2, 0, "");
        book.updateAddressTable(List.of(fresh, other, gone), List.of());
        AddressRecord reached = new AddressRecord("45.1.2.3", 9000, did, "ipv4:81.2", true, T0.plusSeconds(9),
                T0.plusSeconds(8), T0.plusSeconds(9), 0, T0.getEpochSecond(), signature);

        book.updateAddressTable(List.of(reached), List.of(gone));

        assertThat(book.addressTable()).containsExactly(other, reached);
        book.updateAddressTable(List.of(), List.of(gone));
        assertThat(book.addressTable()).containsExactly(other, reached);
    }

    @Test
    void anchorsAreReplacedAsAWholeAndKeepTheirOrder() {
        PeerBook book = newBook();
        String did = Ed25519.KeyPair.generate().did().toString();
        assertThat(book.anchors()).isEmpty();
        book.saveAnchors(List.of(new KnownAddress("45.2.0.1", 9000, did, T0),
                new KnownAddress("45.1.0.1", 9000, "", T0)));
        assertThat(book.anchors()).containsExactly(new KnownAddress("45.2.0.1", 9000, did, T0),
                new KnownAddress("45.1.0.1", 9000, "", T0));
        book.saveAnchors(List.of(new KnownAddress("45.3.0.1", 9100, did, T0.plusSeconds(1))));
        assertThat(book.anchors()).containsExactly(new KnownAddress("45.3.0.1", 9100, did, T0.plusSeconds(1)));
        book.saveAnchors(List.of());
        assertThat(book.anchors()).isEmpty();
    }
}
