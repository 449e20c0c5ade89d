package org.atrium.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@AtriumIntegrationTest
class ProblemTypesIntegrationTests {

    @LocalServerPort
    int port;

    @Test
    void theTypeOfEveryProblemAnsweredResolvesToItsDescription() {
        Api api = Api.asRoot(port);
        List<Api.Response> problems = List.of(
                api.post("/api/v1/tenants", Map.of("slug", "x")),
                api.post("/api/v1/tenants", "{"),
                api.get("/api/v1/tenants/no-such-tenant-here"),
                Api.anonymous(port).get("/api/v1/tenants"),
                api.patch("/api/v1/settings", Map.of("trialDays", -1)));
        for (Api.Response problem : problems) {
            assertThat(problem.contentType()).startsWith("application/problem+json");
            String type = problem.json().get("type").asString();
            Api.Response page = Api.anonymous(port).get(type);
            assertThat(page.status()).as(type).isEqualTo(200);
            assertThat(page.body()).startsWith(type);
        }
        assertThat(Api.anonymous(port).get("/problems/no-such-kind").status()).isEqualTo(404);
    }
}
