package org.atrium.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.StaffSignIn;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

/** The HQ's payments pages: a tenant's recharges, and the inbound webhooks with their verification. */
@AtriumIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PaymentPagesIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Clock clock;

    Api api;
    HttpBrowser clerk;
    HttpBrowser analyst;

    @BeforeAll
    void signIn() {
        api = Api.asRoot(port);
        clerk = StaffSignIn.signIn(port, StaffSignIn.create(port, "billing"), clock);
        analyst = StaffSignIn.signIn(port, StaffSignIn.create(port, "analyst"), clock);
    }

    @Test
    void aTenantsRechargesAreListedWithTheirAmounts() {
        String slug = Fixtures.tenantOn(api, "starter").get("slug").asString();
        Api.Response started = api.post("/api/v1/tenants/" + slug + "/recharges", Map.of("amount", "30.00"));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        String reference = started.json().get("reference").asString();

        HttpBrowser.Page page = analyst.get("/hq/payments?tenant=" + slug);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(reference).contains("$30.00").contains("pending").contains("1 recharges");
        // The analyst may read recharges but not the flagged list nor the gateways' webhooks.
        assertThat(page.body()).doesNotContain("Flagged recharges").doesNotContain("Gateway webhooks");
        assertThat(analyst.get("/hq/payments/webhooks").status()).isEqualTo(403);
        assertThat(analyst.get("/hq/payments?tenant=no-such-tenant-here").body())
                .contains("No tenant has the slug “no-such-tenant-here”");
    }

    @Test
    void anUnsignedWebhookIsListedAsNotVerifiedShownEscapedAndCannotBeProcessedAgain() {
        String marker = Fixtures.token();
        String body = "{\"id\":\"evt_" + marker + "\",\"type\":\"checkout.session.completed\",\"data\":{\"object\":"
                + "{\"client_reference_id\":\"<script>alert(1)</script>\"}}}";
        Api.Response refused = Api.anonymous(port).sendRaw("POST", "/webhooks/sandbox", "application/json",
                body.getBytes(StandardCharsets.UTF_8), false);
        assertThat(refused.status()).isEqualTo(400);
        JsonNode stored = null;
        for (JsonNode e : api.get("/api/v1/payments/webhook-events?size=50").json().get("items")) {
            if (e.get("body").asString().contains(marker)) {
                stored = e;
            }
        }
        assertThat(stored).isNotNull();
        String id = stored.get("id").asString();

        HttpBrowser.Page list = clerk.get("/hq/payments/webhooks?gateway=sandbox");
        assertThat(list.body()).contains("/hq/payments/webhooks/" + id).contains("missing_signature");
        HttpBrowser.Page event = clerk.get("/hq/payments/webhooks/" + id);
        assertThat(event.body()).contains("missing_signature").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert(1)").doesNotContain("Process this event again");

        HttpBrowser.Page again = clerk.post("/hq/payments/webhooks/" + id + "/reprocess", Map.of());
        assertThat(again.status()).isBetween(400, 499);
        assertThat(again.body()).contains("role=\"alert\"");
        assertThat(clerk.get("/hq/payments/webhooks?gateway=nowhere").status()).isEqualTo(400);
        assertThat(analyst.post("/hq/payments/webhooks/" + id + "/reprocess", Map.of()).status()).isEqualTo(403);
    }
}
