package org.pouw.chain.tx;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;
import org.pouw.ml.wire.EncodingException;

/**
 * A signed chain transaction (docs/chain.md §7): the sender's Ed25519 key, its nonce (the sender's count of earlier
 * transactions, so each can be applied once), a fee, up to {@value #MAX_DATA} bytes of data the chain carries but
 * never reads, the kind-specific body, and the sender's signature.
 *
 * <p>Encoding: {@code "PCTX" 0x01 ‖ kind u8 ‖ sender[32] ‖ nonce i64 ‖ fee i64 ‖ data (u32 length ‖ bytes) ‖ body ‖
 * signature[64]}, big-endian. The signature covers {@code "pouw-chain-tx-v1" ‖ chain id ‖ the encoding without the
 * signature}, so a transaction signed for one chain is worthless on another; the id hashes the same bytes, so it
 * does not depend on the signature.
 */
public record Transaction(Bytes32 sender, long nonce, long fee, byte[] data, TxBody body, byte[] signature) {
    public static final int MAX_DATA = 80;
    /**
     * The largest kind, an audit opening (B_audit, docs/chain.md §6; a final-model reveal, F_max, is smaller), with
     * room for the common fields; a decoder refuses anything longer before reading it.
     */
    public static final int MAX_ENCODED = Math.max(FinalModelReveal.MAX_MODEL_BYTES, AuditOpen.MAX_BYTES) + 1024;
    private static final byte[] TAG = "PCTX\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] SIGNING_DOMAIN = "pouw-chain-tx-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID_DOMAIN = "pouw-chain-txid-v1".getBytes(StandardCharsets.US_ASCII);

    public Transaction {
        if (sender == null || body == null) {
            throw new IllegalArgumentException("sender and body must be set");
        }
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce must be >= 0, got " + nonce);
        }
        if (fee < 0) {
            throw new IllegalArgumentException("fee must be >= 0, got " + fee);
        }
        if (data == null || data.length > MAX_DATA) {
            throw new IllegalArgumentException("data must be at most " + MAX_DATA + " bytes");
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + Ed25519.SIGNATURE_LENGTH + " bytes");
        }
        data = data.clone();
        signature = signature.clone();
    }

    /** A transaction from {@code key}'s account, signed for the chain {@code chainId}. */
    public static Transaction sign(Ed25519.KeyPair key, Bytes32 chainId, long nonce, long fee, byte[] data,
                                   TxBody body) {
        Transaction unsigned = new Transaction(Bytes32.of(key.publicKey()), nonce, fee, data, body,
                new byte[Ed25519.SIGNATURE_LENGTH]);
        return unsigned.withSignature(key.sign(unsigned.signingMessage(chainId)));
    }

    public TxKind kind() {
        return body.kind();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Whether the sender signed exactly this transaction for the chain {@code chainId}. */
    public boolean signatureValid(Bytes32 chainId) {
        return Ed25519.verify(sender.toArray(), signingMessage(chainId), signature);
    }

    public Bytes32 id(Bytes32 chainId) {
        return Bytes32.of(Blake3.hash(ID_DOMAIN, chainId.toArray(), unsignedEncoding()));
    }

    public byte[] encode() {
        CanonicalWriter out = writeUnsigned();
        out.raw(signature);
        return out.toByteArray();
    }

    /** Decodes a transaction, refusing anything not produced by {@link #encode()} (the reason names the field). */
    public static Transaction decode(byte[] bytes) {
        if (bytes.length > MAX_ENCODED) {
            throw new EncodingException("transaction: " + bytes.length + " bytes, at most "
                    + MAX_ENCODED);
        }
        CanonicalReader in = new CanonicalReader(bytes);
        in.expectTag(TAG, "transaction");
        TxKind kind = TxKind.ofCode(in.u8("kind"));
        Bytes32 sender = in.bytes32("sender");
        long nonce = in.i64InRange("nonce", 0, Long.MAX_VALUE);
        long fee = in.i64InRange("fee", 0, Long.MAX_VALUE);
        byte[] data = in.bytes("data", MAX_DATA);
        TxBody body = TxBody.read(kind, in);
        byte[] signature = in.raw(Ed25519.SIGNATURE_LENGTH, "signature");
        in.requireEnd("transaction");
        return new Transaction(sender, nonce, fee, data, body, signature);
    }

    byte[] signingMessage(Bytes32 chainId) {
        byte[] unsigned = unsignedEncoding();
        byte[] message = new byte[SIGNING_DOMAIN.length + Bytes32.LENGTH + unsigned.length];
        System.arraycopy(SIGNING_DOMAIN, 0, message, 0, SIGNING_DOMAIN.length);
        System.arraycopy(chainId.toArray(), 0, message, SIGNING_DOMAIN.length, Bytes32.LENGTH);
        System.arraycopy(unsigned, 0, message, SIGNING_DOMAIN.length + Bytes32.LENGTH, unsigned.length);
        return message;
    }

    private Transaction withSignature(byte[] newSignature) {
        return new Transaction(sender, nonce, fee, data, body, newSignature);
    }

    private byte[] unsignedEncoding() {
        return writeUnsigned().toByteArray();
    }

    private CanonicalWriter writeUnsigned() {
        CanonicalWriter out = new CanonicalWriter(128).raw(TAG).u8(body.kind().code()).bytes32(sender).i64(nonce)
                .i64(fee).bytes(data);
        body.writeTo(out);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Transaction that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return body.kind() + " from " + sender.hex().substring(0, 12) + "… nonce " + nonce + " fee " + fee;
    }
}
