package org.pouw.gate.partner;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link PartnerSigningKeys} in memory, for tests and single-node setups; one lock makes {@code add} atomic. */
public final class InMemoryPartnerSigningKeys implements PartnerSigningKeys {
    private final Map<String, PartnerSigner> byDid = new HashMap<>();

    @Override
    public synchronized PartnerKeys.Added add(String partnerId, String did) {
        if (byDid.containsKey(did)) {
            return PartnerKeys.Added.PREFIX_TAKEN;
        }
        long active = byDid.values().stream().filter(s -> s.partnerId().equals(partnerId) && !s.revoked()).count();
        if (active >= PartnerKeys.MAX_ACTIVE_PER_PARTNER) {
            return PartnerKeys.Added.TWO_ACTIVE_ALREADY;
        }
        byDid.put(did, new PartnerSigner(partnerId, did, false));
        return PartnerKeys.Added.ADDED;
    }

    @Override
    public synchronized Optional<PartnerSigner> byDid(String did) {
        return Optional.ofNullable(byDid.get(did));
    }

    @Override
    public synchronized boolean revoke(String did) {
        PartnerSigner signer = byDid.get(did);
        if (signer == null) {
            return false;
        }
        byDid.put(did, new PartnerSigner(signer.partnerId(), did, true));
        return true;
    }
}
