package org.pouw.crypto.pkcs8;

import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

/** Names for the key algorithms a refused file most likely holds, so the message says "RSA" and not an OID. */
final class KnownAlgorithms {
    private static final Map<String, String> NAMES = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.110", "X25519",
            "1.3.101.111", "X448",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private KnownAlgorithms() {
    }

    static String name(ASN1ObjectIdentifier oid) {
        String name = NAMES.get(oid.getId());
        return name == null ? oid.getId() : name + ", " + oid.getId();
    }
}
