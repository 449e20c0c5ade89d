package org.atrium.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The duration and request id fields of the request log line. */
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

    @Test
    void generatedRequestIdsAreDistinctVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestLogging.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as("unique: %s", id).isTrue();
        }
    }
}
