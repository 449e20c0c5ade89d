package org.atrium.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.support.Fixtures.problem;

import java.time.Duration;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Moves the clock, so it runs in an application of its own: other tests must not see time jump. */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class TenancyRestoreWindowIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    @Test
    void restoresADeletedTenantWithinThirtyDaysAndRefusesAfterwards() {
        Api api = Api.asRoot(port);
        String early = Fixtures.tenantOn(api, "starter").get("slug").asString();
        String late = Fixtures.tenantOn(api, "starter").get("slug").asString();
        assertThat(api.delete("/api/v1/tenants/" + early).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/tenants/" + late).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(29));
        Api.Response restored = api.post("/api/v1/tenants/" + early + "/restore");
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/tenants/" + early).status()).isEqualTo(200);

        clock.advance(Duration.ofDays(1).plusMinutes(1));
        problem(api.post("/api/v1/tenants/" + late + "/restore"), 409, "restore-window-passed");
        assertThat(api.get("/api/v1/tenants/" + late).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants?deleted=true&q=" + late).json().get("totalItems").asLong()).isEqualTo(1);
    }
}
