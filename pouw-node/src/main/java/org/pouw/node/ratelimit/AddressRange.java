package org.pouw.node.ratelimit;

import java.net.InetAddress;

/**
 * A CIDR block ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) or a single address: one entry of
 * {@code http.trusted_proxies}. An IPv4 range never matches an IPv6 address and the reverse, after IPv4-mapped
 * addresses are normalised.
 */
public record AddressRange(byte[] network, int prefixBits) {
    public AddressRange {
        network = network.clone();
    }

    /** Parses {@code address} or {@code address/bits}; {@link IllegalArgumentException} says what is wrong. */
    public static AddressRange parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        String addressPart = slash < 0 ? s : s.substring(0, slash);
        InetAddress address = AddressLiteral.parse(addressPart).orElseThrow(() -> new IllegalArgumentException(
                "'" + s + "' is not an IP address or CIDR block"));
        byte[] bytes = address.getAddress();
        int bits = bytes.length * 8;
        if (slash >= 0) {
            String bitsText = s.substring(slash + 1);
            if (!bitsText.matches("[0-9]{1,3}") || Integer.parseInt(bitsText) > bits) {
                throw new IllegalArgumentException("'" + s + "' has a prefix length outside 0.." + bits);
            }
            bits = Integer.parseInt(bitsText);
        }
        return new AddressRange(mask(bytes, bits), bits);
    }

    public boolean contains(InetAddress address) {
        byte[] bytes = AddressLiteral.normalise(address).getAddress();
        return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefixBits), network);
    }

    static byte[] mask(byte[] bytes, int bits) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - keep)));
        }
        return out;
    }

    @Override
    public byte[] network() {
        return network.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AddressRange that && prefixBits == that.prefixBits
                && java.util.Arrays.equals(network, that.network);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(network) + prefixBits;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefixBits;
        } catch (java.net.UnknownHostException e) {
            return "?/" + prefixBits;
        }
    }
}
