package org.pouw.gate.partner;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link PartnerKeys} in one process's memory, for tests and single-node setups; one lock makes {@code add} atomic. */
public final class InMemoryPartnerKeys implements PartnerKeys {
    private final Map<String, StoredPartnerKey> byPrefix = new HashMap<>();

    @Override
    public synchronized Added add(String partnerId, String prefix, byte[] keyHash) {
        if (byPrefix.containsKey(prefix)) {
            return Added.PREFIX_TAKEN;
        }
        long active = byPrefix.values().stream().filter(k -> k.partnerId().equals(partnerId) && !k.revoked())
                .count();
        if (active >= MAX_ACTIVE_PER_PARTNER) {
            return Added.TWO_ACTIVE_ALREADY;
        }
        byPrefix.put(prefix, new StoredPartnerKey(partnerId, prefix, keyHash, false));
        return Added.ADDED;
    }

    @Override
    public synchronized Optional<StoredPartnerKey> byPrefix(String prefix) {
        return Optional.ofNullable(byPrefix.get(prefix));
    }

    @Override
    public synchronized boolean revoke(String prefix) {
        StoredPartnerKey key = byPrefix.get(prefix);
        if (key == null) {
            return false;
        }
        byPrefix.put(prefix, new StoredPartnerKey(key.partnerId(), prefix, key.keyHash(), true));
        return true;
    }

    @Override
    public synchronized List<StoredPartnerKey> keysOf(String partnerId) {
        return byPrefix.values().stream().filter(k -> k.partnerId().equals(partnerId))
                .sorted(Comparator.comparing(StoredPartnerKey::prefix)).toList();
    }
}
