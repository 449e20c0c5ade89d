package org.atrium.subscriptions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;

import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The HQ's lifecycle page: a dry run for the billing staff, nothing for a role without the permission. */
@AtriumIntegrationTest
class LifecyclePageIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    @Test
    void billingStaffSeeWhatTheRunWouldDoAndSupportIsRefused() {
        HttpBrowser clerk = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock);
        HttpBrowser.Page page = clerk.get("/hq/lifecycle");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Dry run").contains("I understand this charges wallets");

        HttpBrowser.Page dry = clerk.post("/hq/lifecycle/dry-run", Map.of());
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body()).contains("What the run would do now");
        assertThat(clerk.postWithoutCsrf("/hq/lifecycle/run", Map.of("confirm", "on")).status()).isEqualTo(403);
        HttpBrowser.Page unconfirmed = clerk.post("/hq/lifecycle/run", Map.of());
        assertThat(unconfirmed.status()).isEqualTo(400);
        assertThat(unconfirmed.body()).contains("nothing was run");

        HttpBrowser support = StaffSignIn.signIn(port, StaffSignIn.create(port, "support"), clock);
        assertThat(support.get("/hq/lifecycle").status()).isEqualTo(403);
        HttpBrowser.Page refused = support.post("/hq/lifecycle/run", Map.of("confirm", "on"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("saas.subscriptions.manage");
    }
}
