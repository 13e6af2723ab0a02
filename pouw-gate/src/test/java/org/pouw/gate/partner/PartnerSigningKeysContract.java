package org.pouw.gate.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pouw.gate.partner.PartnerSigningKeys.PartnerSigner;

/** What every {@link PartnerSigningKeys} adapter must do: in memory here; the durable ones in pouw-store. */
public abstract class PartnerSigningKeysContract {
    protected abstract PartnerSigningKeys newSigningKeys();

    private static final String A = "did:key:z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX";
    private static final String B = "did:key:z6MkfzZZD5gxQpYkqGKBJDhNMPzqbYu3HfVuzZUnTMxzTmMP";
    private static final String C = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";

    @Test
    void aRegisteredKeyIsFoundWithItsPartner() {
        PartnerSigningKeys keys = newSigningKeys();
        assertThat(keys.add("acme", A)).isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.byDid(A)).contains(new PartnerSigner("acme", A, false));
        assertThat(keys.byDid(B)).isEmpty();
        assertThat(keys.add("globex", A)).isEqualTo(PartnerKeys.Added.PREFIX_TAKEN);
    }

    @Test
    void aThirdActiveSigningKeyIsRefusedUntilOneIsRevoked() {
        PartnerSigningKeys keys = newSigningKeys();
        keys.add("acme", A);
        keys.add("acme", B);
        assertThat(keys.add("acme", C)).isEqualTo(PartnerKeys.Added.TWO_ACTIVE_ALREADY);
        assertThat(keys.revoke(A)).isTrue();
        assertThat(keys.byDid(A)).contains(new PartnerSigner("acme", A, true));
        assertThat(keys.add("acme", C)).isEqualTo(PartnerKeys.Added.ADDED);
        assertThat(keys.revoke("did:key:z6Mkunknown")).isFalse();
    }
}
