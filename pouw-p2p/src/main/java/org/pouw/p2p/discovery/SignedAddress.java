package org.pouw.p2p.discovery;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.pouw.crypto.DidKey;
import org.pouw.crypto.Ed25519;
import org.pouw.crypto.Hex;

/**
 * A node's own signed statement of where it listens: "I, {@code peerId}, listen on {@code host:port} as of
 * {@code timestamp}". Relays pass it on unchanged; none can make one for a key it does not hold, so a flood of
 * addresses costs the attacker one key per address it names (keys are free, but each is then a distinct entry
 * competing for the same bounded buckets of its source).
 */
public record SignedAddress(DidKey peerId, String host, int port, long timestamp, byte[] signature) {
    private static final byte[] DOMAIN = "pouw-p2p-addr-v1".getBytes(StandardCharsets.US_ASCII);

    public SignedAddress {
        if (peerId == null) {
            throw new IllegalArgumentException("peer_id is required");
        }
        if (host == null || IpLiteral.parse(host).isEmpty()) {
            throw new IllegalArgumentException("host must be an IPv4 or IPv6 literal, got " + host);
        }
        host = IpLiteral.canonical(host);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
        }
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp must be >= 0, got " + timestamp);
        }
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("signature must be " + Ed25519.SIGNATURE_LENGTH + " bytes");
        }
        signature = signature.clone();
    }

    /** Signs this node's own address with its key. */
    public static SignedAddress sign(Ed25519.KeyPair keys, String host, int port, Instant at) {
        String canonicalHost = IpLiteral.canonical(host);
        long seconds = at.getEpochSecond();
        return new SignedAddress(keys.did(), canonicalHost, port, seconds,
                keys.sign(signedBytes(keys.did(), canonicalHost, port, seconds)));
    }

    public boolean verifies() {
        return peerId.verify(signedBytes(peerId, host, port, timestamp), signature);
    }

    public Instant instant() {
        return Instant.ofEpochSecond(timestamp);
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String hostAndPort() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    public org.pouw.p2p.wire.SignedAddress toWire() {
        return org.pouw.p2p.wire.SignedAddress.newBuilder().setPeerId(peerId.toString()).setHost(host).setPort(port)
                .setTimestamp(timestamp).setSignature(ByteString.copyFrom(signature)).build();
    }

    /** Reads a wire record; throws {@link IllegalArgumentException} naming the field that is wrong. */
    public static SignedAddress fromWire(org.pouw.p2p.wire.SignedAddress wire) {
        if (!DidKey.isValid(wire.getPeerId())) {
            throw new IllegalArgumentException("peer_id must be an Ed25519 did:key");
        }
        if (wire.getTimestamp() > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("timestamp out of range");
        }
        return new SignedAddress(DidKey.parse(wire.getPeerId()), wire.getHost(), wire.getPort(),
                wire.getTimestamp(), wire.getSignature().toByteArray());
    }

    /** The stored form of the signature. */
    public String signatureHex() {
        return Hex.encode(signature);
    }

    private static byte[] signedBytes(DidKey peerId, String host, int port, long timestamp) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        field(out, DOMAIN);
        field(out, peerId.publicKey());
        field(out, host.getBytes(StandardCharsets.US_ASCII));
        field(out, new byte[] {(byte) (port >>> 8), (byte) port});
        byte[] time = new byte[8];
        for (int i = 0; i < 8; i++) {
            time[i] = (byte) (timestamp >>> (56 - 8 * i));
        }
        field(out, time);
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, byte[] bytes) {
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedAddress that && peerId.equals(that.peerId) && host.equals(that.host)
                && port == that.port && timestamp == that.timestamp
                && java.util.Arrays.equals(signature, that.signature);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(peerId, host, port, timestamp);
    }
}
