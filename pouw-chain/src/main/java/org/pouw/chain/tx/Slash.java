package org.pouw.chain.tx;

import java.util.Arrays;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * Evidence that a key broke a rule it signed up to (docs/chain.md §5.4), which anyone may post: the offender's stake
 * and immature rewards are slashed, and the sender earns a bounty from the stake. The evidence is signed block
 * headers, carried as their canonical encodings (the header's signature covers the chain id, so evidence from
 * another chain does not verify here), and checked without any state:
 *
 * <ul>
 *   <li>{@link Evidence#EQUIVOCATION}: two different headers signed by one key on one parent;</li>
 *   <li>{@link Evidence#INVALID_HEADER}: one signed header whose defect shows from the header alone (its winning
 *       step's tip is not its parent, it claims more tickets than a step may, its winner is not the segment's last
 *       leaf, its ticket is above its own target, or a smaller ticket index wins); {@code second} is empty.</li>
 * </ul>
 *
 * <p>Encoding: {@code evidence u8 ‖ first (u32 length ‖ header) ‖ second (u32 length ‖ header)}.
 */
public record Slash(Evidence evidence, byte[] first, byte[] second) implements TxBody {
    /** A header is about 500 bytes plus 32 per Merkle sibling (at most 31). */
    public static final int MAX_HEADER_BYTES = 4096;

    /** What the headers show. */
    public enum Evidence {
        EQUIVOCATION(1),
        INVALID_HEADER(2);

        private final int code;

        Evidence(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    public Slash {
        if (evidence == null || first == null || second == null) {
            throw new IllegalArgumentException("slash evidence needs its kind and headers");
        }
        if (first.length == 0 || first.length > MAX_HEADER_BYTES || second.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("evidence headers are 1 to " + MAX_HEADER_BYTES + " bytes");
        }
        if ((evidence == Evidence.EQUIVOCATION) == (second.length == 0)) {
            throw new IllegalArgumentException("equivocation carries two headers, an invalid header one");
        }
        first = first.clone();
        second = second.clone();
    }

    @Override
    public byte[] first() {
        return first.clone();
    }

    @Override
    public byte[] second() {
        return second.clone();
    }

    @Override
    public TxKind kind() {
        return TxKind.SLASH;
    }

    @Override
    public void writeTo(CanonicalWriter out) {
        out.u8(evidence.code()).bytes(first).bytes(second);
    }

    static Slash read(CanonicalReader in) {
        int code = in.u8("evidence");
        Evidence evidence = Arrays.stream(Evidence.values()).filter(e -> e.code() == code).findFirst()
                .orElseThrow(() -> new EncodingException("evidence: unknown code " + code));
        byte[] first = in.bytes("first header", MAX_HEADER_BYTES);
        byte[] second = in.bytes("second header", MAX_HEADER_BYTES);
        if (first.length == 0 || (evidence == Evidence.EQUIVOCATION) == (second.length == 0)) {
            throw new EncodingException("evidence: " + evidence
                    + " carries the wrong number of headers");
        }
        return new Slash(evidence, first, second);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Slash that && evidence == that.evidence && Arrays.equals(first, that.first)
                && Arrays.equals(second, that.second);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(first) + Arrays.hashCode(second);
    }
}
