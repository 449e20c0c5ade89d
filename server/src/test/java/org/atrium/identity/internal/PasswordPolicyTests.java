package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.atrium.platform.ProblemException;
import org.junit.jupiter.api.Test;

class PasswordPolicyTests {

    private static final PasswordPolicy POLICY = new PasswordPolicy();

    @Test
    void bundlesTheHundredThousandMostCommonBreachedPasswords() {
        assertThat(POLICY.listSize()).isEqualTo(100_000);
    }

    @Test
    void refusesCommonPasswordsWhateverTheirCase() {
        // Lines 21, 24 and 31,873 of the bundled list are too short or long enough: only length-12+ entries matter.
        assertThat(POLICY.problem("password1234", null)).contains("most common");
        assertThat(POLICY.problem("PassWord1234", null)).contains("most common");
        assertThat(POLICY.problem("1qaz2wsx3edc", null)).contains("most common");
    }

    @Test
    void needsTwelveToOneHundredTwentyEightCharacters() {
        assertThat(POLICY.problem("eleven-char", null)).isEqualTo("must be at least 12 characters");
        assertThat(POLICY.problem("twelve-chars", null)).isNull();
        assertThat(POLICY.problem("x".repeat(128), null)).isNull();
        assertThat(POLICY.problem("x".repeat(129), null)).isEqualTo("must be at most 128 characters");
        assertThat(POLICY.problem("", null)).isEqualTo("is required");
        // Characters, not UTF-16 units: twelve emoji are twelve characters.
        assertThat(POLICY.problem("\uD83D\uDE00".repeat(12), null)).isNull();
    }

    @Test
    void refusesTheAccountsOwnEmail() {
        assertThat(POLICY.problem("Someone@Example.test", "someone@example.test")).isEqualTo(
                "must not be your email address");
    }

    @Test
    void refusalNamesThePasswordField() {
        assertThatThrownBy(() -> POLICY.check("short", null)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("password");
    }
}
