package dev.modelgate.relay.auth;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SourceAddressesTest {

    private static final Set<String> PROXIES = SourceAddresses.parse(" 10.0.0.1, 10.0.0.2 ,");

    @Test
    void anUntrustedPeersForwardedForIsIgnored() {
        assertThat(SourceAddresses.resolve("203.0.113.9", "1.2.3.4", PROXIES)).isEqualTo("203.0.113.9");
        assertThat(SourceAddresses.resolve("10.0.0.1", "1.2.3.4", Set.of())).as("no trusted proxy configured").isEqualTo("10.0.0.1");
    }

    @Test
    void behindTrustedProxiesTheNearestUntrustedHopIsTheSource() {
        assertThat(SourceAddresses.resolve("10.0.0.1", "198.51.100.7", PROXIES)).isEqualTo("198.51.100.7");
        assertThat(SourceAddresses.resolve("10.0.0.1", "6.6.6.6, 198.51.100.7, 10.0.0.2", PROXIES))
                .as("what the client wrote left of the real hop is not believed").isEqualTo("198.51.100.7");
        assertThat(SourceAddresses.resolve("10.0.0.1", null, PROXIES)).isEqualTo("10.0.0.1");
        assertThat(SourceAddresses.resolve("10.0.0.1", "10.0.0.2", PROXIES)).isEqualTo("10.0.0.1");
    }
}
