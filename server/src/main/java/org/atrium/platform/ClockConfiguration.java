package org.atrium.platform;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the one {@link Clock} everything reads. */
@Configuration(proxyBeanMethods = false)
class ClockConfiguration {

    @Bean
    AdjustableClock clock() {
        return new AdjustableClock(Clock.systemUTC());
    }
}
