package org.pouw.gate.partner;

import java.util.Optional;

/**
 * The port where partners' request-signing keys live (issue 21 §4: "or Ed25519-signed partner requests"): a partner
 * may sign its token requests with a did:key instead of presenting an API key, so no secret travels. Shared by every
 * node and read on every request, so a revocation is seen at once; at most two unrevoked keys per partner, for
 * rotation. The durable adapters belong in pouw-store; each must pass {@code PartnerSigningKeysContract}.
 */
public interface PartnerSigningKeys {
    /** Registers {@code did} for {@code partnerId}, atomically with respect to the per-partner limit. */
    PartnerKeys.Added add(String partnerId, String did);

    Optional<PartnerSigner> byDid(String did);

    /** Revokes the key; false if there is none. Revoked keys are kept, so they stay refused. */
    boolean revoke(String did);

    /** A registered signing key: whose, which did:key, and whether revoked. */
    record PartnerSigner(String partnerId, String did, boolean revoked) {
    }
}
