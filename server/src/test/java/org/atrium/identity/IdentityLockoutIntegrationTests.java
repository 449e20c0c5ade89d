package org.atrium.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/** Waits out a lockout by moving the clock, so it shares the application of the other clock-moving tests. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class IdentityLockoutIntegrationTests {

    private static final String PASSWORD = "a-long-enough-password";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Test
    void locksAStaffAccountAfterFiveWrongPasswordsUntilTheLockoutEnds() {
        Api root = Api.asRoot(port);
        String email = Fixtures.email("support");
        Api.Response created = root.post("/api/v1/staff",
                Map.of("email", email, "name", "Sam Support", "password", PASSWORD, "role", "support"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api rightPassword = Api.anonymous(port).withBasic(email, PASSWORD);
        Api wrongPassword = Api.anonymous(port).withBasic(email, "not-the-password");
        assertThat(rightPassword.get("/api/v1/tenants").status()).isEqualTo(200);

        for (int attempt = 1; attempt <= 5; attempt++) {
            Fixtures.problem(wrongPassword.get("/api/v1/tenants"), 401, "unauthorized");
        }
        Fixtures.problem(rightPassword.get("/api/v1/tenants"), 401, "unauthorized");

        List<String> reasons = loginFailureReasons(root, email);
        assertThat(reasons).containsExactly("bad_password", "bad_password", "bad_password", "bad_password",
                "bad_password", "locked");
        assertThat(events(root, "staff.locked", email)).hasSize(1);

        clock.advance(Duration.ofMinutes(14));
        Fixtures.problem(rightPassword.get("/api/v1/tenants"), 401, "unauthorized");
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(rightPassword.get("/api/v1/tenants").status()).isEqualTo(200);
    }

    private static List<String> loginFailureReasons(Api root, String email) {
        List<String> reasons = new ArrayList<>();
        List<JsonNode> newestFirst = events(root, "staff.login_failed", email);
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            reasons.add(newestFirst.get(i).get("after").get("reason").asString());
        }
        return reasons;
    }

    private static List<JsonNode> events(Api root, String type, String target) {
        JsonNode page = root.get("/api/v1/audit-events?size=500&type=" + type).json();
        List<JsonNode> matching = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (target.equals(e.get("target").asString())) {
                matching.add(e);
            }
        });
        return matching;
    }
}
