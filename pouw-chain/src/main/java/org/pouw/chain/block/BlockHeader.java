package org.pouw.chain.block;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.pouw.chain.mining.MiningProof;
import org.pouw.crypto.Blake3;
import org.pouw.crypto.Ed25519;
import org.pouw.ml.wire.Bytes32;
import org.pouw.ml.wire.CanonicalReader;
import org.pouw.ml.wire.CanonicalWriter;

/**
 * A block header (docs/chain.md §7): height, parent hash, timestamp in seconds, compact target, the roots of the
 * block's transactions and of the state after it, the miner's Ed25519 key, the task it trained ({@code ml_task_hash})
 * and the proof of its winning step ({@code ml_proof}), signed by the miner.
 *
 * <p>Encoding: {@code "PCHD" 0x01 ‖ height i64 ‖ parent ‖ timestamp i64 ‖ bits i32 ‖ txRoot ‖ stateRoot ‖ miner ‖
 * taskId ‖ proof ‖ signature[64]}. The signature covers {@code "pouw-chain-header-v1" ‖ chain id ‖ the encoding
 * without the signature}; the block hash is {@code BLAKE3("pouw-chain-block-v1" ‖ chain id ‖ the same bytes)}, so it
 * names the signed content and not the signature.
 */
public record BlockHeader(long height, Bytes32 parent, long timestamp, int bits, Bytes32 txRoot, Bytes32 stateRoot,
                          Bytes32 miner, Bytes32 taskId, MiningProof proof, byte[] signature) {
    /** Tickets a mined step may carry (A_step, docs/chain.md §6) are far below this; it bounds decoding. */
    public static final int MAX_TICKETS_PER_STEP = 1 << 20;
    private static final byte[] TAG = "PCHD\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] SIGNING_DOMAIN = "pouw-chain-header-v1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HASH_DOMAIN = "pouw-chain-block-v1".getBytes(StandardCharsets.US_ASCII);

    public BlockHeader {
        if (parent == null || txRoot == null || stateRoot == null || miner == null || taskId == null
                || proof == null) {
            throw new IllegalArgumentException("every header field must be set");
        }
        if (height < 1) {
            throw new IllegalArgumentException("a mined block's height must be >= 1, got " + height);
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + Ed25519.SIGNATURE_LENGTH + " bytes");
        }
        signature = signature.clone();
    }

    /** Signs the header fields with the miner's key for the chain {@code chainId}. */
    public static BlockHeader sign(Ed25519.KeyPair miner, Bytes32 chainId, long height, Bytes32 parent, long timestamp,
                                   int bits, Bytes32 txRoot, Bytes32 stateRoot, Bytes32 taskId, MiningProof proof) {
        BlockHeader unsigned = new BlockHeader(height, parent, timestamp, bits, txRoot, stateRoot,
                Bytes32.of(miner.publicKey()), taskId, proof, new byte[Ed25519.SIGNATURE_LENGTH]);
        byte[] signature = miner.sign(unsigned.signingMessage(chainId));
        return new BlockHeader(height, parent, timestamp, bits, txRoot, stateRoot, unsigned.miner, taskId, proof,
                signature);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public boolean signatureValid(Bytes32 chainId) {
        return Ed25519.verify(miner.toArray(), signingMessage(chainId), signature);
    }

    public Bytes32 hash(Bytes32 chainId) {
        return Bytes32.of(Blake3.hash(HASH_DOMAIN, chainId.toArray(), unsignedEncoding()));
    }

    public byte[] encode() {
        return writeUnsigned().raw(signature).toByteArray();
    }

    public static BlockHeader decode(byte[] bytes) {
        CanonicalReader in = new CanonicalReader(bytes);
        BlockHeader header = read(in);
        in.requireEnd("block header");
        return header;
    }

    static BlockHeader read(CanonicalReader in) {
        in.expectTag(TAG, "block header");
        return new BlockHeader(in.i64InRange("height", 1, Long.MAX_VALUE), in.bytes32("parent"),
                in.i64("timestamp"), in.i32("bits"), in.bytes32("transactions root"), in.bytes32("state root"),
                in.bytes32("miner"), in.bytes32("task id"), MiningProof.read(in, MAX_TICKETS_PER_STEP),
                in.raw(Ed25519.SIGNATURE_LENGTH, "signature"));
    }

    private byte[] signingMessage(Bytes32 chainId) {
        return new CanonicalWriter().raw(SIGNING_DOMAIN).bytes32(chainId).raw(unsignedEncoding()).toByteArray();
    }

    private byte[] unsignedEncoding() {
        return writeUnsigned().toByteArray();
    }

    private CanonicalWriter writeUnsigned() {
        CanonicalWriter out = new CanonicalWriter(512).raw(TAG).i64(height).bytes32(parent).i64(timestamp).i32(bits)
                .bytes32(txRoot).bytes32(stateRoot).bytes32(miner).bytes32(taskId);
        proof.writeTo(out);
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BlockHeader that && Arrays.equals(encode(), that.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "block " + height + " by " + miner.hex().substring(0, 12) + "… on " + parent.hex().substring(0, 12) + "…";
    }
}
