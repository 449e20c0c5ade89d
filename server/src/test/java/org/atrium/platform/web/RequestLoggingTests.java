package org.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The duration field of the request log line. */
class RequestLoggingTests {

    @Test
    void durationIsMillisecondsWithTwoDecimalsRoundedHalfUp() {
        assertThat(RequestLogging.millis(0)).isEqualTo("0.00");
        assertThat(RequestLogging.millis(4)).isEqualTo("0.00");
        assertThat(RequestLogging.millis(5)).isEqualTo("0.01");
        assertThat(RequestLogging.millis(95)).isEqualTo("0.10");
        assertThat(RequestLogging.millis(1_235)).isEqualTo("1.24");
        assertThat(RequestLogging.millis(99_999_995)).isEqualTo("100000.00");
    }

    @Test
    void durationReadsAsTheFormatterWouldInAnEnglishLocale() {
        for (long micros = 0; micros < 200_000; micros += 7) {
            assertThat(RequestLogging.millis(micros)).isEqualTo(String.format(Locale.ROOT, "%.2f", micros / 1000.0));
        }
    }
}
