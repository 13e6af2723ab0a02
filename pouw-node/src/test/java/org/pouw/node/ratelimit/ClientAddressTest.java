package org.pouw.node.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** Keys by address (IPv4, IPv6 /64, IPv4-mapped) and X-Forwarded-For believed only from trusted proxies. */
class ClientAddressTest {
    private static InetAddress ip(String literal) {
        return AddressLiteral.parse(literal).orElseThrow();
    }

    @Test
    void ipv6AddressesOfOneSlash64ShareAKeyAndOthersDoNot() {
        String a = ClientAddress.key(ip("2001:db8:1:2:aaaa::1"));
        assertThat(ClientAddress.key(ip("2001:db8:1:2:ffff:ffff:ffff:ffff"))).isEqualTo(a);
        assertThat(ClientAddress.key(ip("2001:db8:1:3::1"))).isNotEqualTo(a);
        assertThat(a).isEqualTo("6:20010db800010002");
    }

    @Test
    void ipv4KeysByTheWholeAddressAndMappedAddressesAreTheSameClient() throws Exception {
        assertThat(ClientAddress.key(ip("192.0.2.7"))).isEqualTo("4:192.0.2.7");
        assertThat(ClientAddress.key(ip("192.0.2.8"))).isNotEqualTo(ClientAddress.key(ip("192.0.2.7")));
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = (byte) 192;
        mapped[14] = 2;
        mapped[15] = 7;
        // An Inet6Address holding a mapped address, as a dual-stack socket may report it.
        InetAddress v6 = java.net.Inet6Address.getByAddress(null, mapped, -1);
        assertThat(ClientAddress.key(v6)).isEqualTo("4:192.0.2.7");
        assertThat(ClientAddress.key(ip("::ffff:192.0.2.7"))).isEqualTo("4:192.0.2.7");
    }

    @Test
    void forwardedForIsIgnoredUnlessThePeerIsATrustedProxy() {
        ClientAddress addresses = new ClientAddress(List.of(AddressRange.parse("10.0.0.0/8")));
        assertThat(addresses.resolve(ip("203.0.113.9"), List.of("198.51.100.1"))).isEqualTo(ip("203.0.113.9"));
        assertThat(new ClientAddress(List.of()).resolve(ip("10.0.0.1"), List.of("198.51.100.1")))
                .isEqualTo(ip("10.0.0.1"));
    }

    @Test
    void theRightMostUntrustedHopIsTheClientAndSpoofedHopsToItsLeftAreNot() {
        ClientAddress addresses = new ClientAddress(List.of(AddressRange.parse("10.0.0.0/8"),
                AddressRange.parse("2001:db8:ffff::/48")));
        // The client wrote "1.2.3.4" itself; the trusted proxy appended the address it saw, 198.51.100.1.
        assertThat(addresses.resolve(ip("10.0.0.1"), List.of("1.2.3.4, 198.51.100.1")))
                .isEqualTo(ip("198.51.100.1"));
        // Two trusted proxies in a row, and the header split across two fields.
        assertThat(addresses.resolve(ip("10.0.0.1"), List.of("1.2.3.4, 198.51.100.1", "10.9.9.9")))
                .isEqualTo(ip("198.51.100.1"));
        assertThat(addresses.resolve(ip("2001:db8:ffff::5"), List.of("[2001:db8:1:2::9]")))
                .isEqualTo(ip("2001:db8:1:2::9"));
        // Every hop trusted: the left-most is as far as one can see.
        assertThat(addresses.resolve(ip("10.0.0.1"), List.of("10.1.1.1"))).isEqualTo(ip("10.1.1.1"));
    }

    @Test
    void aHopThatIsNotAnAddressStopsTheWalkAtTheProxyThatWroteIt() {
        ClientAddress addresses = new ClientAddress(List.of(AddressRange.parse("10.0.0.0/8")));
        assertThat(addresses.resolve(ip("10.0.0.1"), List.of("example.org"))).isEqualTo(ip("10.0.0.1"));
        assertThat(addresses.resolve(ip("10.0.0.1"), List.of("198.51.100.1, 10.0.0.2, garbage, 10.0.0.3")))
                .isEqualTo(ip("10.0.0.3"));
    }

    @Test
    void literalsAreStrictAndHostNamesAreNeverLookedUp() {
        assertThat(AddressLiteral.parse("localhost")).isEmpty();
        assertThat(AddressLiteral.parse("abc.def")).isEmpty();
        assertThat(AddressLiteral.parse("1.2.3")).isEmpty();
        assertThat(AddressLiteral.parse("1.2.3.256")).isEmpty();
        assertThat(AddressLiteral.parse("01.2.3.4")).isEmpty();
        assertThat(AddressLiteral.parse("fe80::1%eth0")).isEmpty();
        assertThat(AddressLiteral.parse(" 192.0.2.1 ")).contains(ip("192.0.2.1"));
    }

    @Test
    void rangesMatchTheirOwnFamilyOnly() {
        AddressRange v4 = AddressRange.parse("192.0.2.0/24");
        assertThat(v4.contains(ip("192.0.2.200"))).isTrue();
        assertThat(v4.contains(ip("192.0.3.1"))).isFalse();
        assertThat(v4.contains(ip("::ffff:192.0.2.1"))).isTrue();
        assertThat(v4.contains(ip("2001:db8::1"))).isFalse();
        assertThat(AddressRange.parse("2001:db8::/32").contains(ip("2001:db8:5::1"))).isTrue();
    }

    @Property(tries = 2000)
    void anyHeaderTextResolvesToSomeAddressWithoutThrowing(@ForAll String header) {
        ClientAddress addresses = new ClientAddress(List.of(AddressRange.parse("127.0.0.0/8")));
        InetAddress client = addresses.resolve(ip("127.0.0.1"), List.of(header));
        assertThat(ClientAddress.key(client)).startsWith(client.getAddress().length == 4 ? "4:" : "6:");
    }
}
