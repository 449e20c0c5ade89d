package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Tenants' notification templates: defaults for every type, an override used by the next mail, escaped output,
 * refused templates, preview, reset and history, and the portal page.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class TemplateOverrideIntegrationTests {

    static final String SCRIPT = "<script>alert(1)</script>";

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    Api root() {
        return Api.asRoot(port);
    }

    @Test
    void everyTenantNotificationHasADefaultMailTextAndSms() {
        String slug = Fixtures.tenantOn(root(), "starter").get("slug").asString();
        JsonNode list = root().get("/api/v1/tenants/" + slug + "/notification-templates").json().get("items");
        java.util.Set<String> types = new java.util.HashSet<>();
        for (JsonNode t : list) {
            types.add(t.get("type").asString());
            assertThat(t.get("overridden").asBoolean()).isFalse();
            assertThat(t.get("defaults").get("subject").asString()).as(t.toString()).isNotBlank();
            assertThat(t.get("defaults").get("body").asString()).as(t.toString()).isNotBlank();
            assertThat(t.get("defaults").get("sms").asString()).as(t.toString()).isNotBlank();
        }
        assertThat(types).contains("subscription.renewed", "wallet.balance_insufficient",
                "subscription.grace_period_entered", "subscription.read_only_entered", "wallet.recharged",
                "subscription.assigned", "subscription.cancelled", "identity.invitation",
                "identity.password_reset_link", "usage.threshold_reached").doesNotContain("identity.security_alert");
    }

    @Test
    void anOverrideIsUsedForTheNextMailWithItsOutputEscaped() {
        JsonNode tenant = Fixtures.tenantOn(root(), "starter");
        String slug = tenant.get("slug").asString();
        String path = "/api/v1/tenants/" + slug + "/notification-templates/wallet.recharged";
        Map<String, Object> text = new LinkedHashMap<>();
        text.put("subject", "Top-up of {{amount}} " + SCRIPT);
        text.put("body", "Dear {{tenantName}},\n\nYou added {{amount}}; balance {{balance}}. " + SCRIPT);
        text.put("sms", "{{amount}} added");
        Api.Response saved = root().put(path, text);
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(saved.json().get("overridden").asBoolean()).isTrue();

        Api.Response credit = root().post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "15.00", "reason", "Courtesy", "reference", "tpl-" + Fixtures.token()));
        assertThat(credit.status()).as(credit.toString()).isEqualTo(201);
        JsonNode mail = mail(tenant.get("id").asString(), "wallet.recharged");
        assertThat(mail.get("subject").asString()).isEqualTo("Top-up of 15.00 USD " + SCRIPT);
        String html = mail.get("bodyHtml").asString();
        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("You added 15.00 USD; balance 15.00 USD.").contains("Dear Tenant " + slug);

        // Reset: the history keeps both, and the default is back.
        JsonNode reset = root().delete(path).json();
        assertThat(reset.get("overridden").asBoolean()).isFalse();
        JsonNode history = root().get(path + "/history").json();
        assertThat(history.get("items").get(0).get("action").asString()).isEqualTo("reset");
        assertThat(history.get("items").get(1).get("text").get("subject").asString()).startsWith("Top-up of");
    }

    @Test
    void aTemplateReachingOutsideItsVariablesIsRefusedAndChangesNothing() {
        String slug = Fixtures.tenantOn(root(), "starter").get("slug").asString();
        String path = "/api/v1/tenants/" + slug + "/notification-templates/subscription.renewed";
        for (String body : new String[] { "{{T(java.lang.System).getenv()}}", "{{ apiKey }}", "{{tenant.id}}",
                "[[${@environment.getProperty('ATRIUM_MASTER_KEY')}]] {{", "{{balance}}" }) {
            Fixtures.invalid(root().put(path, Map.of("subject", "s", "body", body, "sms", "")), "body");
        }
        Fixtures.invalid(root().put(path, Map.of("subject", "{{link}}", "body", "b", "sms", "")), "subject");
        assertThat(root().get(path).json().get("overridden").asBoolean()).isFalse();
        assertThat(root().get(path + "/history").json().get("totalItems").asLong()).isZero();
        // Thymeleaf syntax is only text here: it is shown, never evaluated.
        JsonNode preview = root().post(path + "/preview", Map.of("subject", "Plan {{planName}}", "body",
                "[[${@environment}]] ${planName} {{planName}}", "sms", "{{amount}}")).json();
        assertThat(preview.get("subject").asString()).isEqualTo("Plan Growth");
        assertThat(preview.get("text").asString()).isEqualTo("[[${@environment}]] ${planName} Growth");
        assertThat(preview.get("sms").asString()).isEqualTo("29.00 USD");
        Fixtures.problem(root().get("/api/v1/tenants/" + slug + "/notification-templates/identity.security_alert"),
                404, "not-found");
    }

    @Test
    void anAdminEditsPreviewsAndResetsInThePortal() {
        JsonNode tenant = Fixtures.tenantOn(root(), "starter");
        String slug = tenant.get("slug").asString();
        PortalAdmins.Admin admin = PortalAdmins.signedIn(port, clock, slug, tenant.get("id").asString());
        HttpBrowser.Page list = admin.browser().get(admin.base() + "/templates");
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.body()).contains("subscription.renewed").contains("Default");
        String page = admin.base() + "/templates/subscription.cancelled";
        admin.browser().get(page);
        HttpBrowser.Page preview = admin.browser().post(page, Map.of("subject", "Bye {{planName}} " + SCRIPT, "body",
                "Ends {{endsOn}}", "sms", "", "action", "preview"));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("Bye Growth &lt;script&gt;").doesNotContain(SCRIPT);
        HttpBrowser.Page bad = admin.browser().post(page, Map.of("subject", "{{nope}}", "body", "x", "sms", "",
                "action", "save"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("unknown variable");
        HttpBrowser.Page saved = admin.browser().post(page, Map.of("subject", "Bye {{planName}}", "body",
                "Ends {{endsOn}}", "sms", "", "action", "save"));
        assertThat(saved.location()).as(saved.toString()).endsWith(page);
        assertThat(root().get("/api/v1/tenants/" + slug + "/notification-templates/subscription.cancelled").json()
                .get("text").get("subject").asString()).isEqualTo("Bye {{planName}}");
        admin.browser().get(page);
        assertThat(admin.browser().post(page + "/reset", Map.of()).location()).endsWith(page);
        assertThat(admin.browser().get(page).body()).contains("The default wording.");
    }

    private JsonNode mail(String tenantId, String type) {
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonNode items = root().get("/api/v1/mail-outbox?tenantId=" + tenantId + "&type=" + type).json()
                    .get("items");
            if (!items.isEmpty()) {
                return root().get("/api/v1/mail-outbox/" + items.get(0).get("id").asString()).json();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("No " + type + " mail for tenant " + tenantId);
    }
}
