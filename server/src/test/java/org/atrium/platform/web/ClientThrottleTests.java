package org.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ClientThrottleTests {

    @Test
    void allowsTheLimitPerClientThenSaysHowLongToWait() {
        ClientThrottle throttle = new ClientThrottle(3, Duration.ofMinutes(10));
        assertThat(throttle.check("10.0.0.1")).isEmpty();
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.take("10.0.0.1")).as("attempt %d", i + 1).isEmpty();
        }
        assertThat(throttle.check("10.0.0.1")).isPresent();
        Duration wait = throttle.take("10.0.0.1").orElseThrow();
        // One attempt comes back every window / limit: 200 seconds here, never more than the window.
        assertThat(wait).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(200));
        // Another client has its own allowance; checking does not use it.
        assertThat(throttle.check("10.0.0.2")).isEmpty();
        assertThat(throttle.check("10.0.0.2")).isEmpty();
        assertThat(throttle.take("10.0.0.2")).isEmpty();
    }

    @Test
    void aThrottleNeedsALimitAndAWindow() {
        assertThatThrownBy(() -> new ClientThrottle(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientThrottle(5, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
