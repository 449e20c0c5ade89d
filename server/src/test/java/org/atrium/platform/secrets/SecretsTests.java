package org.atrium.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsTests {

    // Two fixed 32-byte keys: bytes 0x01 × 32 and 0x02 × 32.
    private static final String KEY_A = Base64.getEncoder().encodeToString(filled((byte) 1));
    private static final String KEY_B = Base64.getEncoder().encodeToString(filled((byte) 2));
    private static final String CONTEXT = "tenant:0190a1b2-0000-7000-8000-000000000001:stripe.secret";

    private final Secrets secrets = new Secrets(MasterKey.parseAll(KEY_A));

    @Test
    void opensWhatItSealedInTheSameContext() {
        String sealed = secrets.seal("sk_test_51HxYzAbCdEf", CONTEXT);

        assertThat(sealed).startsWith("v1:" + secrets.primaryKeyId() + ":").doesNotContain("sk_test");
        assertThat(secrets.open(sealed, CONTEXT)).isEqualTo("sk_test_51HxYzAbCdEf");
    }

    @Test
    void sealingTwiceGivesTwoCiphertexts() {
        assertThat(secrets.seal("same", CONTEXT)).isNotEqualTo(secrets.seal("same", CONTEXT));
    }

    @Test
    void aCiphertextMovedToAnotherContextDoesNotOpen() {
        String sealed = secrets.seal("sk_test_51HxYzAbCdEf", CONTEXT);

        assertThatThrownBy(() -> secrets.open(sealed,
                "tenant:0190a1b2-0000-7000-8000-000000000002:stripe.secret"))
                .isInstanceOf(SecretUnreadable.class).hasMessageNotContaining("sk_test");
        assertThatThrownBy(() -> secrets.open(sealed, CONTEXT.replace("stripe.secret", "stripe.webhook_secret")))
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        String sealed = secrets.seal("whsec_abcdefghijklmnop", CONTEXT);
        String body = sealed.substring(sealed.lastIndexOf(':') + 1);
        byte[] bytes = Base64.getUrlDecoder().decode(body);
        bytes[bytes.length / 2] ^= 0x01;
        String tampered = sealed.substring(0, sealed.lastIndexOf(':') + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThatThrownBy(() -> secrets.open(tampered, CONTEXT)).isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> secrets.open("v1:" + secrets.primaryKeyId() + ":!!notbase64", CONTEXT))
                .isInstanceOf(SecretUnreadable.class);
        assertThatThrownBy(() -> secrets.open("plain text", CONTEXT)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void aValueRelabelledWithAnotherKeyIdDoesNotOpen() {
        Secrets both = new Secrets(MasterKey.parseAll(KEY_A + "," + KEY_B));
        String sealed = both.seal("sk_live_0123456789", CONTEXT);
        String keyB = new Secrets(MasterKey.parseAll(KEY_B)).primaryKeyId();

        assertThatThrownBy(() -> both.open(sealed.replace(both.primaryKeyId(), keyB), CONTEXT))
                .isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void anUnknownKeyIsNamed() {
        String sealed = new Secrets(MasterKey.parseAll(KEY_B)).seal("x", CONTEXT);

        assertThatThrownBy(() -> secrets.open(sealed, CONTEXT)).isInstanceOf(SecretUnreadable.class)
                .hasMessageContaining("not configured");
    }

    @Test
    void rotationSealsWithTheNewKeyOpensWithBothAndResealsTheOld() {
        String underA = secrets.seal("sk_test_rotate_me_1234", CONTEXT);
        Secrets rotated = new Secrets(MasterKey.parseAll(KEY_B + ", " + KEY_A));

        assertThat(rotated.open(underA, CONTEXT)).isEqualTo("sk_test_rotate_me_1234");
        assertThat(rotated.needsResealing(underA)).isTrue();
        String underB = rotated.reseal(underA, CONTEXT);
        assertThat(underB).startsWith("v1:" + rotated.primaryKeyId() + ":");
        assertThat(rotated.needsResealing(underB)).isFalse();
        assertThat(rotated.reseal(underB, CONTEXT)).isSameAs(underB);

        Secrets oldKeyRemoved = new Secrets(MasterKey.parseAll(KEY_B));
        assertThat(oldKeyRemoved.open(underB, CONTEXT)).isEqualTo("sk_test_rotate_me_1234");
        assertThatThrownBy(() -> oldKeyRemoved.open(underA, CONTEXT)).isInstanceOf(SecretUnreadable.class);
    }

    @Test
    void theKeyIdDependsOnlyOnTheKey() {
        assertThat(new Secrets(MasterKey.parseAll(KEY_A)).primaryKeyId()).isEqualTo(secrets.primaryKeyId())
                .hasSize(8).isNotEqualTo(new Secrets(MasterKey.parseAll(KEY_B)).primaryKeyId());
    }

    @Test
    void refusesMalformedMasterKeys() {
        assertThatThrownBy(() -> MasterKey.parseAll("not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> MasterKey.parseAll(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> MasterKey.parseAll(" , ")).hasMessageContaining("no key");
        assertThatThrownBy(() -> new Secrets(MasterKey.parseAll(KEY_A + "," + KEY_A)))
                .hasMessageContaining("twice");
    }

    @Test
    void lastFourShowsOnlyTheEndOfALongSecret() {
        assertThat(Secrets.lastFour("sk_live_51HxYzAbCdEf9876")).isEqualTo("9876");
        assertThat(Secrets.lastFour("short-secret")).isEqualTo("cret"); // 12 characters: the shortest shown
        assertThat(Secrets.lastFour("eleven-char")).isEmpty();
    }

    @Test
    void developmentKeyIsGeneratedOnceWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("data/master.key");
        SecretsConfiguration configuration = new SecretsConfiguration();

        Secrets first = configuration.secrets("", keyFile, "");
        String sealed = first.seal("totp-seed-JBSWY3DPEHPK3PXP", "user:42:totp");
        Secrets second = configuration.secrets("", keyFile, "");

        assertThat(second.open(sealed, "user:42:totp")).isEqualTo("totp-seed-JBSWY3DPEHPK3PXP");
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    @Test
    void anExternalDatabaseWithoutAMasterKeyRefusesToStart(@TempDir Path dir) {
        assertThatThrownBy(() -> new SecretsConfiguration().secrets("", dir.resolve("master.key"),
                "jdbc:postgresql://db.internal:5432/atrium")).hasMessageContaining("ATRIUM_MASTER_KEY is not set");
        assertThat(dir.resolve("master.key")).doesNotExist();
    }

    @Test
    void aConfiguredKeyWinsOverTheKeyFile(@TempDir Path dir) throws Exception {
        Secrets configured = new SecretsConfiguration().secrets(KEY_A, dir.resolve("master.key"), "jdbc:x");

        assertThat(configured.primaryKeyId()).isEqualTo(secrets.primaryKeyId());
        assertThat(dir.resolve("master.key")).doesNotExist();
        assertThat(List.of(configured.open(secrets.seal("a", "c"), "c"))).containsExactly("a");
    }

    private static byte[] filled(byte value) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, value);
        return bytes;
    }
}
