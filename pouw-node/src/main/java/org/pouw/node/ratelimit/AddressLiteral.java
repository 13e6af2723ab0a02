package org.pouw.node.ratelimit;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Parses an IP address literal and nothing else: never a host name, so reading a header never causes a DNS lookup.
 * IPv4-mapped IPv6 addresses ({@code ::ffff:a.b.c.d}) come back as the IPv4 address they map, so one client is one
 * key whichever socket family it arrived on.
 */
public final class AddressLiteral {
    private AddressLiteral() {
    }

    /** The address {@code text} spells, or empty if it is not an IPv4 dotted quad or an IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.length() > 45 || s.indexOf('%') >= 0) {
            return Optional.empty();
        }
        if (s.indexOf(':') >= 0) {
            // Only hex digits, colons and an embedded dotted quad: a literal, which getByName parses without DNS.
            if (!s.matches("[0-9A-Fa-f:.]+")) {
                return Optional.empty();
            }
            try {
                return Optional.of(normalise(InetAddress.getByName(s)));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return dottedQuad(s);
    }

    /** IPv4-mapped IPv6 becomes the IPv4 address; every other address is returned as it is. */
    public static InetAddress normalise(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            boolean mapped = b[10] == (byte) 0xff && b[11] == (byte) 0xff;
            for (int i = 0; i < 10 && mapped; i++) {
                mapped = b[i] == 0;
            }
            if (mapped) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("four bytes are always an IPv4 address", e);
                }
            }
        }
        return address;
    }

    private static Optional<InetAddress> dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return Optional.empty();
            }
            bytes[i] = (byte) value;
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
