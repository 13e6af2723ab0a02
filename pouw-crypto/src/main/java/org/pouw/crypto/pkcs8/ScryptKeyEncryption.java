package org.pouw.crypto.pkcs8;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * Password encryption of a PKCS#8 key: {@code EncryptedPrivateKeyInfo} with PBES2 (RFC 8018 §6.2), scrypt as its key
 * derivation (RFC 7914 §7) and AES-256-CBC as its cipher — the combination {@code openssl pkcs8 -topk8 -scrypt}
 * writes, so the file opens with standard tools.
 *
 * <p>Our parameters are N = 2^14, r = 8, p = 1, OpenSSL's own for {@code -scrypt}: scrypt's memory is
 * 128·r·N = 16 MiB, the most OpenSSL decrypts without a larger {@code maxmem} (its cap is 32 MiB, and N = 2^15 is just
 * over it). Reading accepts other parameters within bounds, so a hostile file cannot make us allocate
 * gigabytes or spin for hours.
 */
public final class ScryptKeyEncryption {
    public static final int COST = 1 << 14;
    public static final int BLOCK_SIZE = 8;
    public static final int PARALLELISM = 1;
    private static final int SALT_BYTES = 16;
    private static final int IV_BYTES = 16;
    private static final int MAX_COST = 1 << 20;
    private static final int MAX_BLOCK_SIZE = 32;
    private static final int MAX_PARALLELISM = 16;
    private static final long MAX_MEMORY = 256L << 20;
    private static final Map<ASN1ObjectIdentifier, Integer> AES_CBC_KEY_BYTES = Map.of(
            NISTObjectIdentifiers.id_aes128_CBC, 16,
            NISTObjectIdentifiers.id_aes192_CBC, 24,
            NISTObjectIdentifiers.id_aes256_CBC, 32);

    private ScryptKeyEncryption() {
    }

    /** The DER {@code EncryptedPrivateKeyInfo} of {@code privateKeyInfo} under {@code password}. */
    public static byte[] encrypt(byte[] privateKeyInfo, byte[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(salt);
        random.nextBytes(iv);
        byte[] key = SCrypt.generate(password, salt, COST, BLOCK_SIZE, PARALLELISM, 32);
        try {
            byte[] ciphertext = aesCbc(Cipher.ENCRYPT_MODE, key, iv, privateKeyInfo);
            KeyDerivationFunc kdf = new KeyDerivationFunc(ScryptParameters.OID,
                    new ScryptParameters(salt, BigInteger.valueOf(COST), BigInteger.valueOf(BLOCK_SIZE),
                            BigInteger.valueOf(PARALLELISM), BigInteger.valueOf(32)).toAsn1());
            EncryptionScheme scheme = new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv));
            AlgorithmIdentifier pbes2 = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2,
                    new PBES2Parameters(kdf, scheme));
            return new EncryptedPrivateKeyInfo(pbes2, ciphertext).getEncoded(ASN1Encoding.DER);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("AES-256-CBC encryption failed", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The DER {@code PrivateKeyInfo} inside; a refusal names what is wrong. */
    public static byte[] decrypt(byte[] encryptedPrivateKeyInfo, byte[] password) {
        EncryptedPrivateKeyInfo info = parse(encryptedPrivateKeyInfo);
        AlgorithmIdentifier algorithm = info.getEncryptionAlgorithm();
        if (!PKCSObjectIdentifiers.id_PBES2.equals(algorithm.getAlgorithm())) {
            throw unsupported("its encryption is " + algorithm.getAlgorithm().getId() + ", not PBES2");
        }
        PBES2Parameters pbes2 = structure(() -> PBES2Parameters.getInstance(algorithm.getParameters()));
        KeyDerivationFunc kdf = pbes2.getKeyDerivationFunc();
        if (!ScryptParameters.OID.equals(kdf.getAlgorithm())) {
            throw unsupported("its key derivation is " + kdf.getAlgorithm().getId()
                    + ", not scrypt; only a memory-hard derivation is accepted");
        }
        ScryptParameters scrypt = structure(() -> ScryptParameters.of(kdf.getParameters()));
        EncryptionScheme scheme = pbes2.getEncryptionScheme();
        Integer keyBytes = AES_CBC_KEY_BYTES.get(scheme.getAlgorithm());
        if (keyBytes == null) {
            throw unsupported("its cipher is " + scheme.getAlgorithm().getId() + ", not AES-CBC");
        }
        byte[] iv = structure(() -> ASN1OctetString.getInstance(scheme.getParameters()).getOctets());
        if (iv.length != IV_BYTES) {
            throw malformed("its AES-CBC IV has " + iv.length + " bytes, not 16");
        }
        int cost = bounded("scrypt N", scrypt.cost(), MAX_COST);
        int blockSize = bounded("scrypt r", scrypt.blockSize(), MAX_BLOCK_SIZE);
        int parallelism = bounded("scrypt p", scrypt.parallelism(), MAX_PARALLELISM);
        if (Integer.bitCount(cost) != 1 || cost < 2) {
            throw unsupported("scrypt N must be a power of two above 1, got " + cost);
        }
        if (128L * blockSize * cost > MAX_MEMORY) {
            throw unsupported("scrypt would need " + (128L * blockSize * cost >> 20) + " MiB, above the 256 MiB cap");
        }
        BigInteger declaredLength = scrypt.keyLength();
        if (declaredLength != null && !declaredLength.equals(BigInteger.valueOf(keyBytes))) {
            throw malformed("its scrypt key length " + declaredLength + " does not fit its cipher");
        }
        byte[] key = SCrypt.generate(password, scrypt.salt(), cost, blockSize, parallelism, keyBytes);
        try {
            return aesCbc(Cipher.DECRYPT_MODE, key, iv, info.getEncryptedData());
        } catch (GeneralSecurityException e) {
            // A bad padding is what a wrong password gives 255 times in 256, and what a changed ciphertext gives too:
            // CBC cannot tell them apart, so neither does the message.
            throw new KeyFileRefused(KeyFileRefused.Reason.WRONG_PASSWORD_OR_ALTERED,
                    "wrong password, or the file was altered: it does not decrypt");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static EncryptedPrivateKeyInfo parse(byte[] der) {
        return structure(() -> {
            ASN1Primitive parsed = ASN1Primitive.fromByteArray(der);
            if (!Arrays.equals(parsed.getEncoded(ASN1Encoding.DER), der)) {
                throw malformed("its DER encoding is not canonical (a changed or cut file)");
            }
            return EncryptedPrivateKeyInfo.getInstance(parsed);
        });
    }

    private static int bounded(String name, BigInteger value, int max) {
        if (value.signum() <= 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
            throw unsupported(name + " must be in 1.." + max + ", got " + value);
        }
        return value.intValueExact();
    }

    private static byte[] aesCbc(int mode, byte[] key, byte[] iv, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return cipher.doFinal(input);
    }

    /** Reads a part of the structure; BouncyCastle's complaints about a wrong shape become a refusal. */
    private static <T> T structure(Part<T> part) {
        try {
            return part.read();
        } catch (KeyFileRefused refused) {
            throw refused;
        } catch (IOException | RuntimeException e) {
            throw malformed("it is not a PKCS#8 EncryptedPrivateKeyInfo (" + e.getMessage() + ")");
        }
    }

    private interface Part<T> {
        T read() throws IOException;
    }

    private static KeyFileRefused malformed(String what) {
        return new KeyFileRefused(KeyFileRefused.Reason.MALFORMED, "not an encrypted PKCS#8 key: " + what);
    }

    private static KeyFileRefused unsupported(String what) {
        return new KeyFileRefused(KeyFileRefused.Reason.UNSUPPORTED, "unsupported encrypted key: " + what);
    }
}
