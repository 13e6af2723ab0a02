package org.pouw.node.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The address prefix a claim comes from, for the market's per-prefix strike budget (issue 18, defect 1): an IPv4
 * address as itself, an IPv6 address by its /64 (one subscriber's usual allocation, so rotating addresses inside it
 * does not make a new source), an IPv4-mapped IPv6 address as the IPv4 address it maps.
 */
final class ClaimNetwork {
    private ClaimNetwork() {
    }

    static String of(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            try {
                return InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16)).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("four bytes are always an IPv4 address", e);
            }
        }
        StringBuilder prefix = new StringBuilder();
        for (int group = 0; group < 4; group++) {
            int value = ((bytes[2 * group] & 0xff) << 8) | (bytes[2 * group + 1] & 0xff);
            prefix.append(Integer.toHexString(value)).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }
}
