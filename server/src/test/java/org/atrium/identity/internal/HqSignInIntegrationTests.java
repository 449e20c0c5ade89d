package org.atrium.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** Staff sign in to the HQ in a browser: sessions, CSRF, enrolment of TOTP, codes once each, recovery codes. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqSignInIntegrationTests {

    static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Test
    void aSuperAdminEnrolsTotpAtFirstSignInThenSignsInWithCodesThatWorkOnce() {
        String email = staff("super_admin");
        HttpBrowser browser = new HttpBrowser(port);

        assertThat(browser.get("/hq").location()).endsWith("/hq/login");
        HttpBrowser.Page login = browser.get("/hq/login");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.headers().get("content-security-policy").get(0)).contains("script-src 'self'");
        assertThat(login.body()).doesNotContain("style=").doesNotContain("<script");

        HttpBrowser.Page password = browser.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        assertThat(password.location()).as(password.toString()).endsWith("/hq/login/enrol");
        HttpBrowser.Page enrol = browser.get("/hq/login/enrol");
        String secret = enrol.find("<code id=\"secret\">([A-Z2-7]+)</code>");
        assertThat(browser.get("/hq/login/enrol/qr.svg").body()).startsWith("<svg");
        // Not signed in before the enrolment is confirmed.
        assertThat(browser.get("/hq").location()).endsWith("/hq/login");

        HttpBrowser.Page wrong = browser.post("/hq/login/enrol", Map.of("code", "000000"));
        assertThat(wrong.status()).isEqualTo(400);
        String newSecret = wrong.find("<code id=\"secret\">([A-Z2-7]+)</code>");
        // The clock runs on: start at the beginning of a step so that the steps below are the ones meant.
        Instant enrolledAt = freshStep();
        HttpBrowser.Page codes = browser.post("/hq/login/enrol", Map.of("code", code(newSecret, enrolledAt)));
        assertThat(codes.status()).as(codes.toString()).isEqualTo(200);
        List<String> recovery = recoveryCodes(codes.body());
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();
        assertThat(secret).isNotEqualTo(newSecret);

        HttpBrowser.Page home = browser.get("/hq");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.body()).contains("Signed in as").contains(email);
        assertThat(events("staff.2fa_enrolled", email)).hasSize(1);
        assertThat(events("staff.signed_in", email)).hasSize(1);

        // A new browser: password, then the code. The code just used for enrolment is refused (same step).
        HttpBrowser second = new HttpBrowser(port);
        second.get("/hq/login");
        assertThat(second.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq/login/code");
        second.get("/hq/login/code");
        assertThat(second.post("/hq/login/code", Map.of("code", code(newSecret, enrolledAt))).status())
                .isEqualTo(401);
        // Two steps ahead is outside the tolerance of one.
        assertThat(second.post("/hq/login/code",
                Map.of("code", code(newSecret, enrolledAt.plus(Duration.ofSeconds(60))))).status()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(30));
        String next = code(newSecret, clock.instant());
        HttpBrowser.Page signedIn = second.post("/hq/login/code", Map.of("code", next));
        assertThat(signedIn.location()).as(signedIn.toString()).endsWith("/hq");
        assertThat(second.get("/hq").status()).isEqualTo(200);

        // A third browser uses a recovery code: once.
        clock.advance(Duration.ofSeconds(30));
        HttpBrowser third = new HttpBrowser(port);
        third.get("/hq/login");
        third.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        third.get("/hq/login/code");
        assertThat(third.post("/hq/login/code", Map.of("code", recovery.get(0).toUpperCase())).location())
                .endsWith("/hq");
        clock.advance(Duration.ofSeconds(30));
        HttpBrowser fourth = new HttpBrowser(port);
        fourth.get("/hq/login");
        fourth.post("/hq/login", Map.of("email", email, "password", PASSWORD));
        fourth.get("/hq/login/code");
        assertThat(fourth.post("/hq/login/code", Map.of("code", recovery.get(0))).status()).isEqualTo(401);
        assertThat(events("staff.recovery_code_used", email)).hasSize(1);
        clock.advance(Duration.ofSeconds(30));
    }

    @Test
    void aStateChangingRequestWithoutTheCsrfTokenIsRefusedAndChangesNothing() {
        String email = staff("support");
        HttpBrowser browser = new HttpBrowser(port);
        browser.get("/hq/login");
        HttpBrowser.Page refused = browser.postWithoutCsrf("/hq/login", Map.of("email", email, "password", PASSWORD));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(browser.post("/hq/login", Map.of("email", email, "password", PASSWORD, "_csrf", "forged"))
                .status()).isEqualTo(403);
        assertThat(events("staff.signed_in", email)).isEmpty();

        assertThat(browser.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq");
        browser.get("/hq");
        assertThat(browser.postWithoutCsrf("/hq/logout", Map.of()).status()).isEqualTo(403);
        assertThat(browser.get("/hq").status()).isEqualTo(200);
        assertThat(browser.post("/hq/logout", Map.of()).location()).endsWith("/hq/login");
        assertThat(browser.get("/hq").location()).endsWith("/hq/login");
        assertThat(events("staff.signed_out", email)).hasSize(1);

        // However busy, a session ends 12 hours after its sign-in.
        browser.get("/hq/login");
        assertThat(browser.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location())
                .endsWith("/hq");
        clock.advance(Duration.ofHours(11).plusMinutes(59));
        assertThat(browser.get("/hq").status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(browser.get("/hq").location()).endsWith("/hq/login");
    }

    @Test
    void unknownAccountWrongPasswordAndLockedAccountGetTheSameAnswer() {
        String email = staff("analyst");
        HttpBrowser browser = new HttpBrowser(port);
        browser.get("/hq/login");
        HttpBrowser.Page unknown = browser.post("/hq/login",
                Map.of("email", Fixtures.email("nobody"), "password", PASSWORD));
        HttpBrowser.Page wrong = browser.post("/hq/login", Map.of("email", email, "password", "not-the-password-1"));
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(error(unknown)).isEqualTo(error(wrong)).isEqualTo(SignInFlow.REFUSED);
    }

    @Test
    void failuresGrowTheDelayThenLockButNeverLockOutABrowserThatSignedInBefore() {
        String email = staff("billing");
        HttpBrowser owner = new HttpBrowser(port);
        owner.get("/hq/login");
        assertThat(owner.post("/hq/login", Map.of("email", email, "password", PASSWORD)).location()).endsWith("/hq");
        assertThat(owner.cookie("ATRIUM_HQ_DEVICE")).isNotNull();

        HttpBrowser stranger = new HttpBrowser(port);
        stranger.get("/hq/login");
        Map<String, String> guess = Map.of("email", email, "password", "a-wrong-guess-123");
        Map<String, String> right = Map.of("email", email, "password", PASSWORD);
        assertThat(stranger.post("/hq/login", guess).status()).isEqualTo(401);
        assertThat(stranger.post("/hq/login", guess).status()).isEqualTo(401);
        // Two failures in a row: the next attempt must wait 1 s; made at once, even the right password is refused.
        assertThat(stranger.post("/hq/login", right).status()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(1));
        assertThat(stranger.post("/hq/login", guess).status()).isEqualTo(401); // third failure: wait 2 s
        clock.advance(Duration.ofSeconds(2));
        assertThat(stranger.post("/hq/login", guess).status()).isEqualTo(401); // fourth: wait 4 s
        clock.advance(Duration.ofSeconds(4));
        assertThat(stranger.post("/hq/login", guess).status()).isEqualTo(401); // fifth: locked for 15 minutes
        clock.advance(Duration.ofMinutes(1));
        HttpBrowser.Page lockedOut = stranger.post("/hq/login", right);
        assertThat(lockedOut.status()).isEqualTo(401);
        assertThat(error(lockedOut)).isEqualTo(SignInFlow.REFUSED);
        assertThat(events("staff.locked", email)).hasSize(1);
        assertThat(reasons(email)).containsExactly("bad_password", "bad_password", "delayed", "bad_password",
                "bad_password", "bad_password", "locked");

        // The owner's browser, which signed in before, still signs in.
        HttpBrowser again = new HttpBrowser(port);
        again.setCookie("ATRIUM_HQ_DEVICE", owner.cookie("ATRIUM_HQ_DEVICE"), "/hq");
        again.get("/hq/login");
        assertThat(again.post("/hq/login", right).location()).endsWith("/hq");
        clock.advance(Duration.ofMinutes(15));
    }

    private List<String> reasons(String email) {
        List<JsonNode> newestFirst = events("staff.login_failed", email);
        List<String> reasons = new ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            reasons.add(newestFirst.get(i).get("after").get("reason").asString());
        }
        return reasons;
    }

    private String staff(String role) {
        String email = Fixtures.email(role.replace("_", ""));
        Api.Response created = Api.asRoot(port).post("/api/v1/staff",
                Map.of("email", email, "name", "Staff " + role, "password", PASSWORD, "role", role));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return email;
    }

    /** Moves the clock to one second into the next TOTP step, and returns that instant. */
    private Instant freshStep() {
        long next = Totp.step(clock.instant()) + 1;
        return clock.advanceTo(Instant.ofEpochSecond(next * Totp.STEP.toSeconds() + 1));
    }

    static String code(String base32, Instant at) {
        return Totp.standard().code(Base32.decode(base32), at);
    }

    static String error(HttpBrowser.Page page) {
        return page.find("<p id=\"error\" role=\"alert\">([^<]+)</p>");
    }

    static List<String> recoveryCodes(String body) {
        List<String> codes = new ArrayList<>();
        Matcher m = Pattern.compile("<li>([a-z2-9]{5}-[a-z2-9]{5})</li>").matcher(body);
        while (m.find()) {
            codes.add(m.group(1));
        }
        return codes;
    }

    private List<JsonNode> events(String type, String target) {
        JsonNode page = Api.asRoot(port).get("/api/v1/audit-events?size=500&type=" + type).json();
        List<JsonNode> matching = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (target.equals(e.get("target").asString())) {
                matching.add(e);
            }
        });
        return matching;
    }
}
