package org.atrium.branding;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
 * A tenant's brand over the API and in its portal: allowed by the plan's custom_branding, validated, versioned,
 * audited, served content-addressed with long-lived caching, and uploads checked from their bytes.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class BrandingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    Api root() {
        return Api.asRoot(port);
    }

    @Test
    void aTenantOnAPlanWithoutCustomBrandingKeepsThePlatformsBrand() {
        String slug = Fixtures.tenantOn(root(), "starter").get("slug").asString();
        Fixtures.problem(root().put("/api/v1/tenants/" + slug + "/brand", change("Acme", "#0b5394", "#38761d")),
                403, "feature-not-in-plan");
        JsonNode brand = root().get("/api/v1/tenants/" + slug + "/brand").json();
        assertThat(brand.get("custom").asBoolean()).isFalse();
        assertThat(brand.get("primaryColor").asString()).isEqualTo("#1d4ed8");
        assertThat(brand.has("cssUrl")).isFalse();
        Fixtures.problem(root().send("PUT", "/api/v1/tenants/" + slug + "/brand/logo", TestImages.png(10, 10)), 403,
                "feature-not-in-plan");
    }

    @Test
    void aSavedBrandIsVersionedAuditedAndServedAsAHashedStylesheet() {
        String slug = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        assertThat(brandingStepDone(slug)).as("onboarding before any brand was saved").isFalse();
        Api.Response saved = root().put("/api/v1/tenants/" + slug + "/brand", change("Acme Loans", "#0B5394",
                "#38761d"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        assertThat(brandingStepDone(slug)).as("onboarding's branding step, once a brand is saved").isTrue();
        assertThat(saved.header("ETag")).isEqualTo("\"1\"");
        JsonNode brand = saved.json();
        assertThat(brand.get("custom").asBoolean()).isTrue();
        assertThat(brand.get("primaryColor").asString()).isEqualTo("#0b5394");
        assertThat(brand.get("displayName").asString()).isEqualTo("Acme Loans");
        // #0b5394 on white: 7.9:1, #38761d on white: 5.5:1 (both above AA), so no warning.
        assertThat(brand.get("warnings")).isEmpty();

        String cssUrl = brand.get("cssUrl").asString();
        Api.Response css = Api.anonymous(port).get(cssUrl);
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.body()).contains("--brand: #0b5394;").contains("--brand-contrast: #ffffff;")
                .contains("--brand-secondary: #38761d;");
        assertThat(css.header("Cache-Control")).contains("max-age=31536000").contains("immutable");
        assertThat(Api.anonymous(port).get(cssUrl.replaceAll("brand-[0-9a-f]{16}", "brand-0000000000000000"))
                .status()).isEqualTo(404);

        // A stale If-Match is refused and changes nothing.
        Fixtures.problem(root().with("If-Match", "\"0\"").put("/api/v1/tenants/" + slug + "/brand",
                change("Other", "#ffff00", "#ffff00")), 412, "stale-version");
        Api.Response second = root().with("If-Match", "\"1\"").put("/api/v1/tenants/" + slug + "/brand",
                change("Acme Loans", "#ffff00", "#38761d"));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        // Yellow on white is 1.07:1: below AA, and the CSS URL moved with the colour.
        assertThat(second.json().get("warnings").get(0).asString()).contains("#ffff00").contains("1.07:1");
        assertThat(second.json().get("cssUrl").asString()).isNotEqualTo(cssUrl);
        assertThat(Api.anonymous(port).get(cssUrl).status()).isEqualTo(404);

        JsonNode history = root().get("/api/v1/tenants/" + slug + "/brand/history").json();
        assertThat(history.get("totalItems").asLong()).isEqualTo(2);
        assertThat(history.get("items").get(0).get("settings").get("primaryColor").asString()).isEqualTo("#ffff00");
        assertThat(history.get("items").get(1).get("settings").get("primaryColor").asString()).isEqualTo("#0b5394");
        JsonNode audit = root().get("/api/v1/audit-events?size=50&type=brand.updated").json();
        assertThat(audit.get("items").valueStream().filter(e -> slug.equals(e.get("target").asString())))
                .hasSize(2);
    }

    @Test
    void scriptInEveryTextFieldIsEscapedAndAScriptLinkIsRefused() {
        JsonNode tenant = Fixtures.tenantOn(root(), "pro");
        String slug = tenant.get("slug").asString();
        String script = "<script>alert(1)</script>";
        Map<String, Object> body = change(script, "#0b5394", "#38761d");
        body.put("supportUrl", "javascript:alert(1)");
        Fixtures.invalid(root().put("/api/v1/tenants/" + slug + "/brand", body), "supportUrl");
        body.put("supportUrl", "https://help.example.test/?q=" + script);
        assertThat(root().put("/api/v1/tenants/" + slug + "/brand", body).status()).isEqualTo(400);
        body.put("supportUrl", "https://help.example.test/");
        body.put("supportPhone", script);
        Fixtures.invalid(root().put("/api/v1/tenants/" + slug + "/brand", body), "supportPhone");
        body.put("supportPhone", "+44 20 7946 0000");
        body.put("supportEmail", script + "@x.test");
        Fixtures.invalid(root().put("/api/v1/tenants/" + slug + "/brand", body), "supportEmail");
        body.put("supportEmail", "help@example.test");
        body.put("footerText", script);
        body.put("primaryColor", "red;}</style><script>");
        Fixtures.invalid(root().put("/api/v1/tenants/" + slug + "/brand", body), "primaryColor");
        body.put("primaryColor", "#0b5394");
        assertThat(root().put("/api/v1/tenants/" + slug + "/brand", body).status()).isEqualTo(200);

        PortalAdmins.Admin admin = PortalAdmins.signedIn(port, clock, slug, tenant.get("id").asString());
        HttpBrowser.Page page = admin.browser().get(admin.base() + "/brand");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(script).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        HttpBrowser.Page home = admin.browser().get(admin.base());
        assertThat(home.body()).doesNotContain(script).contains("id=\"brand-footer\"");

        // The tenant's mails carry the brand, escaped as well.
        root().post("/api/v1/tenants/" + slug + "/wallet/credits",
                Map.of("amount", "5.00", "reason", "Courtesy", "reference", "brand-" + Fixtures.token()));
        String mail = mailBody(tenant.get("id").asString(), "wallet.recharged");
        assertThat(mail).contains("id=\"brand-header\"").contains("id=\"brand-footer\"")
                .contains("help@example.test").doesNotContain(script)
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    private String mailBody(String tenantId, String type) {
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonNode items = root().get("/api/v1/mail-outbox?tenantId=" + tenantId + "&type=" + type).json()
                    .get("items");
            if (!items.isEmpty()) {
                return root().get("/api/v1/mail-outbox/" + items.get(0).get("id").asString()).json().get("bodyHtml")
                        .asString();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("No " + type + " mail for tenant " + tenantId);
    }

    @Test
    void uploadsAreRecognisedFromTheirBytesCheckedBeforeDecodingAndReencoded() {
        String slug = Fixtures.tenantOn(root(), "pro").get("slug").asString();
        String path = "/api/v1/tenants/" + slug + "/brand/logo";
        byte[] html = "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        Fixtures.problem(root().sendRaw("PUT", path, "image/png", html, false), 400, "unsupported-image");
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);
        Fixtures.problem(root().sendRaw("PUT", path, "image/png", svg, false), 400, "unsupported-image");
        byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Fixtures.problem(root().sendRaw("PUT", path, "image/webp", webp, false), 400, "unsupported-image")
                .get("detail").asString()).contains("WebP");
        // 20,000 × 20,000 RGBA would be 1.6 GB decoded; the file is a few kilobytes and refused from its header.
        byte[] bomb = TestImages.bomb(20_000, 50);
        assertThat(bomb.length).isLessThan(100_000);
        Fixtures.problem(root().sendRaw("PUT", path, "image/png", bomb, false), 400, "image-too-large");
        Fixtures.problem(root().sendRaw("PUT", path, "image/png", TestImages.png(20_000, 1), false), 400,
                "image-too-large");
        assertThat(root().get("/api/v1/tenants/" + slug + "/brand").json().get("version").asInt()).isZero();

        byte[] tagged = TestImages.pngWithText(64, 32, "Comment", "secret-location-51.5N");
        Api.Response uploaded = root().sendRaw("PUT", path, "application/octet-stream", tagged, false);
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(200);
        String logoUrl = uploaded.json().get("logoUrl").asString();
        Api.Response logo = Api.anonymous(port).get(logoUrl);
        assertThat(logo.status()).isEqualTo(200);
        assertThat(logo.contentType()).isEqualTo("image/png");
        assertThat(logo.header("Cache-Control")).contains("max-age=31536000");
        assertThat(new String(logo.raw(), StandardCharsets.ISO_8859_1)).doesNotContain("secret-location");
        assertThat(logoUrl).endsWith(org.atrium.platform.Hashes.sha256(logo.raw()));

        Api.Response favicon = root().sendRaw("PUT", "/api/v1/tenants/" + slug + "/brand/favicon", "image/jpeg",
                TestImages.jpeg(32, 32), false);
        assertThat(favicon.status()).as(favicon.toString()).isEqualTo(200);
        assertThat(Api.anonymous(port).get(favicon.json().get("faviconUrl").asString()).contentType())
                .isEqualTo("image/jpeg");
        assertThat(favicon.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void thePortalShowsTheBrandAndOnlyAdminsEditIt() {
        JsonNode tenant = Fixtures.tenantOn(root(), "pro");
        String slug = tenant.get("slug").asString();
        PortalAdmins.Admin admin = PortalAdmins.signedIn(port, clock, slug, tenant.get("id").asString());
        HttpBrowser.Page page = admin.browser().get(admin.base() + "/brand");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains("Primary colour").containsPattern("/js/brand-preview(-[0-9a-f]+)?\\.js");

        Map<String, String> form = new LinkedHashMap<>();
        form.put("displayName", "Acme Portal");
        form.put("primaryColor", "#f0f0f0");
        form.put("secondaryColor", "#38761d");
        form.put("version", "0");
        HttpBrowser.Page saved = admin.browser().post(admin.base() + "/brand", form);
        assertThat(saved.location()).as(saved.toString()).endsWith(admin.base() + "/brand");
        HttpBrowser.Page after = admin.browser().get(admin.base() + "/brand");
        assertThat(after.body()).contains("Acme Portal").contains("id=\"contrast-warnings\"")
                .containsPattern("/brand/[0-9a-f-]{36}/brand-[0-9a-f]{16}\\.css");

        form.put("primaryColor", "not-a-colour");
        form.put("version", "1");
        HttpBrowser.Page refused = admin.browser().post(admin.base() + "/brand", form);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("must be a colour");
        assertThat(root().get("/api/v1/tenants/" + slug + "/brand").json().get("version").asInt()).isEqualTo(1);

        HttpBrowser anonymous = new HttpBrowser(port);
        assertThat(anonymous.get(admin.base() + "/brand").location()).endsWith(admin.base() + "/login");
    }

    static Map<String, Object> change(String name, String primary, String secondary) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", name);
        body.put("primaryColor", primary);
        body.put("secondaryColor", secondary);
        return body;
    }

    private boolean brandingStepDone(String slug) {
        for (JsonNode step : root().get("/api/v1/tenants/" + slug + "/onboarding").json().get("steps")) {
            if (step.get("key").asString().equals("branding")) {
                return step.get("done").asBoolean();
            }
        }
        throw new AssertionError("no branding step in the onboarding of " + slug);
    }
}
