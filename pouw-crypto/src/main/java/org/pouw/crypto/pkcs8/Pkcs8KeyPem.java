package org.pouw.crypto.pkcs8;

import java.security.SecureRandom;
import java.util.function.Supplier;
import org.pouw.crypto.Ed25519;

/**
 * An Ed25519 identity as a PEM file other tools read: {@code ENCRYPTED PRIVATE KEY} (PBES2 with scrypt) or plain
 * {@code PRIVATE KEY} (PKCS#8, RFC 5958).
 */
public final class Pkcs8KeyPem {
    private Pkcs8KeyPem() {
    }

    public static String encrypted(Ed25519.KeyPair key, byte[] password, SecureRandom random) {
        byte[] der = ScryptKeyEncryption.encrypt(Ed25519PrivateKeyInfo.encode(key), password, random);
        return PemArmour.armour(PemArmour.ENCRYPTED_PRIVATE_KEY, der);
    }

    public static String plain(Ed25519.KeyPair key) {
        return PemArmour.armour(PemArmour.PRIVATE_KEY, Ed25519PrivateKeyInfo.encode(key));
    }

    /** Whether the file is an encrypted key, so a caller asks for a password only when one is needed. */
    public static boolean isEncrypted(byte[] file) {
        return PemArmour.ENCRYPTED_PRIVATE_KEY.equals(PemArmour.label(file));
    }

    /** Reads either kind; {@code password} is asked only for an encrypted file. */
    public static Ed25519.KeyPair read(byte[] file, Supplier<byte[]> password) {
        String label = PemArmour.label(file);
        return switch (label) {
            case PemArmour.ENCRYPTED_PRIVATE_KEY -> Ed25519PrivateKeyInfo.decode(
                    ScryptKeyEncryption.decrypt(PemArmour.unarmour(file, label), password.get()), true);
            case PemArmour.PRIVATE_KEY -> Ed25519PrivateKeyInfo.decode(PemArmour.unarmour(file, label), false);
            default -> throw new KeyFileRefused(KeyFileRefused.Reason.MALFORMED, "a PEM '" + label
                    + "' block is not a PKCS#8 key; expected ENCRYPTED PRIVATE KEY or PRIVATE KEY");
        };
    }
}
