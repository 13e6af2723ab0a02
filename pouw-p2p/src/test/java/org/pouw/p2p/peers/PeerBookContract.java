package org.pouw.p2p.peers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
}
