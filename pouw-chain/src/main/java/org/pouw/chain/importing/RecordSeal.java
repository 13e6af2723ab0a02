package org.pouw.chain.importing;

import java.security.MessageDigest;
import java.util.Arrays;
import org.pouw.crypto.Blake3;
import org.pouw.ml.wire.EncodingException;

/**
 * The checksum a miner's kept record ends with (docs/chain.md §11 "Crash recovery"): BLAKE3 of every byte before it.
 * A record cut short by a crash, or damaged on disk, fails it and is refused whole — never read as far as it goes.
 * It does not stop someone who rewrites the record and its checksum: what the record claims is checked again against
 * the chain and by training again before anything is signed from it ({@link KeptSegment}, {@link KeptEnd}).
 */
final class RecordSeal {
    private RecordSeal() {
    }

    static byte[] seal(byte[] body) {
        byte[] sealed = Arrays.copyOf(body, body.length + Blake3.LENGTH);
        System.arraycopy(Blake3.hash(body), 0, sealed, body.length, Blake3.LENGTH);
        return sealed;
    }

    /** The body of {@code sealed}, once its checksum matches; else an {@link EncodingException} saying so. */
    static byte[] open(byte[] sealed) {
        if (sealed.length < Blake3.LENGTH) {
            throw new EncodingException("only " + sealed.length + " bytes, shorter than its checksum: cut short");
        }
        byte[] body = Arrays.copyOf(sealed, sealed.length - Blake3.LENGTH);
        byte[] sum = Arrays.copyOfRange(sealed, body.length, sealed.length);
        if (!MessageDigest.isEqual(sum, Blake3.hash(body))) {
            throw new EncodingException("its checksum does not match its bytes: cut short or damaged");
        }
        return body;
    }
}
