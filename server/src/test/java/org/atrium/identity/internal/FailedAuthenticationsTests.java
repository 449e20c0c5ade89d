package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class FailedAuthenticationsTests {

    @Test
    void namesAKeyByItsFirstThirteenCharactersAndALoginByItsEmail() {
        assertThat(FailedAuthentications.credentialOf("Bearer atr_sk_AbCdEf0123456789"))
                .isEqualTo("key:atr_sk_AbCdEf");
        assertThat(FailedAuthentications.credentialOf("bearer  atr_sk_AbCdEfZZZZZZZZZZ"))
                .isEqualTo("key:atr_sk_AbCdEf");
        assertThat(FailedAuthentications.credentialOf("Bearer short")).isEqualTo("key:short");
        String basic = Base64.getEncoder().encodeToString("Owner@Example.COM:secret:with:colons"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(FailedAuthentications.credentialOf("Basic " + basic)).isEqualTo("login:owner@example.com");
        assertThat(FailedAuthentications.credentialOf("Basic not-base64!")).isEqualTo("login:");
        assertThat(FailedAuthentications.credentialOf("Digest abc")).isEqualTo("other");
    }

    @Test
    void refusesACredentialPastItsLimitAndTheAddressPastItsCeiling() {
        FailedAuthentications failures = new FailedAuthentications(2, 5, Duration.ofMinutes(10));
        failures.failed("10.0.0.1", "key:atr_sk_aaaaaa");
        assertThat(failures.refusal("10.0.0.1", "key:atr_sk_aaaaaa")).isEmpty();
        failures.failed("10.0.0.1", "key:atr_sk_aaaaaa");
        // 2 failures with one credential: that credential is refused, another from the same address is not.
        assertThat(failures.refusal("10.0.0.1", "key:atr_sk_aaaaaa")).isPresent();
        assertThat(failures.refusal("10.0.0.1", "key:atr_sk_bbbbbb")).isEmpty();
        // 3 more, each with a new credential, make 5 from the address: now everything from it is refused.
        failures.failed("10.0.0.1", "key:atr_sk_cccccc");
        failures.failed("10.0.0.1", "key:atr_sk_dddddd");
        assertThat(failures.refusal("10.0.0.1", "key:atr_sk_bbbbbb")).isEmpty();
        failures.failed("10.0.0.1", "key:atr_sk_eeeeee");
        assertThat(failures.refusal("10.0.0.1", "key:atr_sk_bbbbbb")).hasValueSatisfying(problem -> {
            assertThat(problem.getMessage()).contains("from this address");
        });
        // Another address is untouched.
        assertThat(failures.refusal("10.0.0.2", "key:atr_sk_aaaaaa")).isEmpty();
    }

    @Test
    void theAddressCeilingCannotBeBelowTheCredentialLimit() {
        assertThatThrownBy(() -> new FailedAuthentications(20, 10, Duration.ofMinutes(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failed-logins-per-address");
    }
}
