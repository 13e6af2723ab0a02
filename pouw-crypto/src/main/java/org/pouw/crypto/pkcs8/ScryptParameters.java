package org.pouw.crypto.pkcs8;

import java.math.BigInteger;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;

/**
 * {@code scrypt-params} of RFC 7914 §7.1 (written here because BouncyCastle keeps its own copy in an internal
 * package): salt, N, r, p and an optional key length.
 */
record ScryptParameters(byte[] salt, BigInteger cost, BigInteger blockSize, BigInteger parallelism,
                        BigInteger keyLength) {
    /** id-scrypt, RFC 7914 §7. */
    static final ASN1ObjectIdentifier OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.11591.4.11");

    DERSequence toAsn1() {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new DEROctetString(salt));
        fields.add(new ASN1Integer(cost));
        fields.add(new ASN1Integer(blockSize));
        fields.add(new ASN1Integer(parallelism));
        if (keyLength != null) {
            fields.add(new ASN1Integer(keyLength));
        }
        return new DERSequence(fields);
    }

    static ScryptParameters of(Object asn1) {
        ASN1Sequence seq = ASN1Sequence.getInstance(asn1);
        if (seq.size() != 4 && seq.size() != 5) {
            throw new IllegalArgumentException("scrypt-params has 4 or 5 fields, got " + seq.size());
        }
        return new ScryptParameters(ASN1OctetString.getInstance(seq.getObjectAt(0)).getOctets(),
                ASN1Integer.getInstance(seq.getObjectAt(1)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(2)).getValue(),
                ASN1Integer.getInstance(seq.getObjectAt(3)).getValue(),
                seq.size() == 5 ? ASN1Integer.getInstance(seq.getObjectAt(4)).getValue() : null);
    }
}
