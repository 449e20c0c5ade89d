package org.atrium.developer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

class TenantKeySecretsTests {

    @Test
    void aKeyIsItsPrefixThirtyTwoRandomBase62CharactersAndASixCharacterChecksum() {
        String live = TenantKeySecrets.generate(false);
        String test = TenantKeySecrets.generate(true);
        // 9 (prefix) + 32 + 6 = 47 characters; 32 base62 characters carry 32 × log2(62) ≈ 190 random bits.
        assertThat(live).matches("atr_live_[0-9A-Za-z]{38}");
        assertThat(test).matches("atr_test_[0-9A-Za-z]{38}");
        assertThat(TenantKeySecrets.wellFormed(live)).isTrue();
        assertThat(TenantKeySecrets.wellFormed(test)).isTrue();
    }

    @Test
    void theChecksumIsTheCrc32OfTheBodyInBase62() {
        // Worked by hand from the definition: CRC-32 of the ASCII text, written in six base62 digits.
        CRC32 crc = new CRC32();
        crc.update("atr_live_abc".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        long v = crc.getValue();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            expected.insert(0, alphabet.charAt((int) (v % 62)));
            v /= 62;
        }
        assertThat(TenantKeySecrets.checksum("atr_live_abc")).isEqualTo(expected.toString());
    }

    @Test
    void aTypoOrAnotherPrefixIsRecognisedWithoutTheDatabase() {
        String key = TenantKeySecrets.generate(false);
        char changed = key.charAt(20) == 'a' ? 'b' : 'a';
        String typo = key.substring(0, 20) + changed + key.substring(21);
        assertThat(TenantKeySecrets.wellFormed(typo)).isFalse();
        assertThat(TenantKeySecrets.wellFormed(key.substring(0, key.length() - 1))).isFalse();
        assertThat(TenantKeySecrets.wellFormed("atr_sk_" + key.substring(9))).isFalse();
        assertThat(TenantKeySecrets.wellFormed(key.replace("atr_live_", "atr_test_"))).isFalse();
    }

    @Test
    void keysDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertThat(seen.add(TenantKeySecrets.generate(false))).isTrue();
        }
    }
}
