package org.atrium.developer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;

import org.atrium.platform.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Literal addresses only: nothing here resolves a name or sends a packet. */
class WebhookAddressPolicyTests {

    private final WebhookAddressPolicy strict = new WebhookAddressPolicy("");

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "127.255.0.9", "0.0.0.0", "10.0.0.1", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "169.254.169.254", "169.254.0.1", "100.64.0.1", "224.0.0.1", "239.255.255.250",
            "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1",
            "::ffff:10.0.0.1", "::ffff:169.254.169.254" })
    void refusesLoopbackPrivateLinkLocalUniqueLocalAndMulticastAddresses(String literal) throws Exception {
        assertThat(WebhookAddressPolicy.refused(InetAddress.getByName(literal))).as(literal).isTrue();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        assertThatThrownBy(() -> strict.check("https://" + host + "/hook")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("url");
    }

    @ParameterizedTest
    @ValueSource(strings = { "93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111",
            "2001:4860:4860::8888" })
    void acceptsPublicAddresses(String literal) throws Exception {
        assertThat(WebhookAddressPolicy.refused(InetAddress.getByName(literal))).as(literal).isFalse();
        String host = literal.contains(":") ? "[" + literal + "]" : literal;
        assertThat(strict.check("https://" + host + "/hook").addresses()).hasSize(1);
    }

    @Test
    void refusesPlainHttpCredentialsAndOtherSchemes() {
        assertThatThrownBy(() -> strict.parse("http://93.184.216.34/hook")).hasMessageContaining("https");
        assertThatThrownBy(() -> strict.parse("https://user:secret@93.184.216.34/hook"))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> strict.parse("ftp://93.184.216.34/hook")).hasMessageContaining("https");
        assertThatThrownBy(() -> strict.parse("not a url")).isInstanceOf(ProblemException.class);
    }

    @Test
    void theAllowListOpensHostsAndNetworksOverHttpToo() {
        WebhookAddressPolicy dev = new WebhookAddressPolicy("127.0.0.1, 10.0.0.0/8,fd00::/8");
        assertThat(dev.check("http://127.0.0.1:8080/hook").addresses().get(0).getHostAddress())
                .isEqualTo("127.0.0.1");
        assertThat(dev.check("https://10.20.30.40/hook").addresses()).hasSize(1);
        assertThat(dev.check("https://[fd00::5]/hook").addresses()).hasSize(1);
        // Outside the list, still refused.
        assertThatThrownBy(() -> dev.check("https://192.168.0.1/hook")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> dev.check("https://127.0.0.2/hook")).isInstanceOf(ProblemException.class);
    }
}
