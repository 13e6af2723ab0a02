package org.pouw.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * {@link Base58} agrees with the textbook definition (the value as one big number in base 58, a leading '1' per
 * leading zero byte), computed here with BigInteger, on arbitrary bytes and arbitrary strings of the alphabet, and
 * refuses any other character by its position.
 */
class Base58Properties {
    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);

    @Provide
    Arbitrary<byte[]> bytes() {
        Arbitrary<byte[]> any = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        // Leading zero bytes and 0xff runs are where the leading '1's and the carries go wrong.
        Arbitrary<byte[]> zeroLed = any.map(b -> {
            byte[] out = new byte[b.length + 3];
            System.arraycopy(b, 0, out, 3, b.length);
            return out;
        });
        Arbitrary<byte[]> ones = Arbitraries.integers().between(0, 70).map(n -> {
            byte[] out = new byte[n];
            Arrays.fill(out, (byte) 0xff);
            return out;
        });
        return Arbitraries.oneOf(any, zeroLed, ones);
    }

    @Property(tries = 500)
    void encodesAsTheBigNumberInBase58(@ForAll("bytes") byte[] bytes) {
        assertThat(Base58.encode(bytes)).isEqualTo(reference(bytes));
        assertThat(Base58.decode(Base58.encode(bytes))).isEqualTo(bytes);
    }

    @Property(tries = 500)
    void decodesAnyStringOfTheAlphabetAsTheBigNumberDoes(@ForAll("text") String text) {
        byte[] decoded = Base58.decode(text);
        assertThat(decoded).isEqualTo(referenceDecode(text));
        assertThat(Base58.encode(decoded)).isEqualTo(text);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(100);
    }

    @Test
    void theFirstCharacterOutsideTheAlphabetIsNamedByItsPosition() {
        assertThatThrownBy(() -> Base58.decode("z6Mk0OIl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a base58 character at 4: '0'");
        assertThatThrownBy(() -> Base58.decode("abcé")).hasMessage("not a base58 character at 3: 'é'");
        assertThatThrownBy(() -> Base58.decode("ab\u0000")).hasMessage("not a base58 character at 2: '\u0000'");
    }

    @Test
    void knownVectors() {
        assertThat(Base58.encode(new byte[0])).isEmpty();
        assertThat(Base58.encode(new byte[] {0, 0, 1})).isEqualTo("112");
        assertThat(Base58.encode("Hello World!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58.decode("111")).containsExactly(0, 0, 0);
    }

    private static String reference(byte[] bytes) {
        int zeros = 0;
        while (zeros < bytes.length && bytes[zeros] == 0) {
            zeros++;
        }
        StringBuilder out = new StringBuilder();
        for (BigInteger value = new BigInteger(1, bytes); value.signum() > 0; value = value.divide(BASE)) {
            out.append(ALPHABET.charAt(value.mod(BASE).intValue()));
        }
        return "1".repeat(zeros) + out.reverse();
    }

    private static byte[] referenceDecode(String text) {
        int zeros = 0;
        while (zeros < text.length() && text.charAt(zeros) == '1') {
            zeros++;
        }
        BigInteger value = BigInteger.ZERO;
        for (char c : text.toCharArray()) {
            value = value.multiply(BASE).add(BigInteger.valueOf(ALPHABET.indexOf(c)));
        }
        byte[] magnitude = value.signum() == 0 ? new byte[0] : value.toByteArray();
        if (magnitude.length > 0 && magnitude[0] == 0) {
            magnitude = Arrays.copyOfRange(magnitude, 1, magnitude.length);
        }
        byte[] out = new byte[zeros + magnitude.length];
        System.arraycopy(magnitude, 0, out, zeros, magnitude.length);
        return out;
    }
}
