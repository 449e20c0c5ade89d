package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238 appendix B test vectors, and the one-use and tolerance rules. */
class TotpTests {

    // The RFC's seeds: the ASCII digits "1234567890" repeated to 20, 32 and 64 bytes.
    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = "1234567890123456789012345678901234567890123456789012345678901234"
            .getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest(name = "T = {0}")
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826" })
    void matchesTheRfc6238TestVectors(long seconds, String sha1, String sha256, String sha512) {
        Instant at = Instant.ofEpochSecond(seconds);
        assertThat(Totp.of(8, "HmacSHA1").code(SHA1_SEED, at)).isEqualTo(sha1);
        assertThat(Totp.of(8, "HmacSHA256").code(SHA256_SEED, at)).isEqualTo(sha256);
        assertThat(Totp.of(8, "HmacSHA512").code(SHA512_SEED, at)).isEqualTo(sha512);
    }

    @Test
    void acceptsTheCurrentStepAndOneEitherSideButNotTwo() {
        Totp totp = Totp.of(8, "HmacSHA1");
        Instant now = Instant.ofEpochSecond(1111111111); // step 37037037 (1111111111 / 30, rounded down)
        assertThat(totp.verify(SHA1_SEED, "14050471", now, null)).hasValue(37037037);
        assertThat(totp.verify(SHA1_SEED, "07081804", now, null)).hasValue(37037036); // T = 1111111109, same step
        String previous = totp.code(SHA1_SEED, now.minusSeconds(30));
        String next = totp.code(SHA1_SEED, now.plusSeconds(30));
        String twoBack = totp.code(SHA1_SEED, now.minusSeconds(60));
        String twoAhead = totp.code(SHA1_SEED, now.plusSeconds(60));
        assertThat(totp.verify(SHA1_SEED, previous, now, null)).hasValue(37037036);
        assertThat(totp.verify(SHA1_SEED, next, now, null)).hasValue(37037038);
        assertThat(totp.verify(SHA1_SEED, twoBack, now, null)).isEmpty();
        assertThat(totp.verify(SHA1_SEED, twoAhead, now, null)).isEmpty();
    }

    @Test
    void refusesACodeOfAStepAlreadyUsedOrEarlier() {
        Totp totp = Totp.of(8, "HmacSHA1");
        Instant now = Instant.ofEpochSecond(1111111111);
        assertThat(totp.verify(SHA1_SEED, "14050471", now, 37037037L)).isEmpty();
        String previous = totp.code(SHA1_SEED, now.minusSeconds(30));
        assertThat(totp.verify(SHA1_SEED, previous, now, 37037036L)).isEmpty();
        assertThat(totp.verify(SHA1_SEED, "14050471", now, 37037036L)).hasValue(37037037);
    }

    @Test
    void refusesMalformedCodes() {
        Totp totp = Totp.standard();
        Instant now = Instant.ofEpochSecond(59);
        assertThat(totp.verify(SHA1_SEED, "", now, null)).isEmpty();
        assertThat(totp.verify(SHA1_SEED, "12345", now, null)).isEmpty();
        assertThat(totp.verify(SHA1_SEED, "1234567", now, null)).isEmpty();
        assertThat(totp.verify(SHA1_SEED, "abcdef", now, null)).isEmpty();
        // Six digits of the RFC's 8-digit code at T = 59 (94287082): the last six, as HOTP truncation gives.
        assertThat(totp.verify(SHA1_SEED, "287082", now, null)).hasValue(1);
    }

    @Test
    void base32RoundTripsTheRfc4648Example() {
        // RFC 4648 section 10: BASE32("foobar") = "MZXW6YTBOI======" (we write it without padding).
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Base32.decode("MZXW6YTBOI======"), StandardCharsets.US_ASCII)).isEqualTo("foobar");
    }
}
