package org.atrium.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.PortalAdmins;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * The portal's pages over HTTP, as a browser without JavaScript sees them: which host serves which tenant (and the
 * one 404 for everything else), what a read-only tenant sees and what the server refuses it, another tenant's
 * resources, CSRF, escaping, the live usage bars, the plan change after its quote, and the onboarding checklist.
 */
class PortalPagesIntegrationTests extends PortalTestContext {

    @Test
    void theTenantsSubdomainServesItsPortalAndEveryOtherHostGetsOneAndTheSamePlain404() {
        PortalAdmins.Admin acme = admin("starter");
        Raw onSubdomain = getWithHost(acme.slug() + "." + BASE, "/portal/login");
        assertThat(onSubdomain.status()).isEqualTo(200);
        assertThat(onSubdomain.body()).contains(acme.name());
        assertThat(getWithHost(acme.slug().toUpperCase() + "." + BASE + ".", "/portal/login").status())
                .as("host names are case-insensitive, a trailing dot is the same name").isEqualTo(200);

        PortalAdmins.Admin deleted = admin("starter");
        assertThat(root().delete("/api/v1/tenants/" + deleted.slug()).status()).isIn(200, 204);

        List<Raw> refused = List.of(
                getWithHost("no-such-tenant." + BASE, "/portal/login"),
                getWithHost(deleted.slug() + "." + BASE, "/portal/login"),
                getWithHost(deleted.slug() + "." + BASE, "/portal"),
                // Not verified (no custom domain resolves yet), and a deeper name under the base domain.
                getWithHost("billing." + acme.slug() + ".example", "/portal/login"),
                getWithHost("a." + acme.slug() + "." + BASE, "/portal/login"),
                // A tenant's host never serves another tenant's /t/ path, nor its own.
                getWithHost(acme.slug() + "." + BASE, "/t/" + deleted.slug() + "/portal/login"),
                getWithHost(acme.slug() + "." + BASE, "/t/" + acme.slug() + "/portal/login"),
                getWithHost("localhost", "/t/" + deleted.slug() + "/portal/login"),
                getWithHost("localhost", "/t/no-such-tenant/portal"));
        for (Raw r : refused) {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.body()).isEqualTo(refused.get(0).body());
        }
        assertThat(refused.get(0).body()).contains("Not found").doesNotContain(acme.slug())
                .doesNotContain(deleted.slug()).doesNotContain("Whitelabel").doesNotContain("tenant");
        // A signed-in session of A presented to B's portal is the same 404.
        PortalAdmins.Admin other = admin("starter");
        HttpBrowser forged = new HttpBrowser(port);
        forged.setCookie("ATRIUM_PORTAL", acme.browser().cookie("ATRIUM_PORTAL"), other.base());
        HttpBrowser.Page cross = forged.get(other.base() + "/wallet");
        assertThat(cross.status()).isEqualTo(404);
        assertThat(cross.body()).isEqualTo(refused.get(0).body());
    }

    @Test
    void aReadOnlyTenantSeesWhatIsBlockedAndHowToRestoreItAndTheServerRefusesItsWrites() {
        PortalAdmins.Admin t = activeAdmin("starter", "29.00"); // the first period is paid; the wallet is empty
        advanceTenant(t.slug(), 31); // the renewal cannot be paid: grace period
        assertThat(subscription(t.slug()).get("status").asString()).isEqualTo("grace_period");
        HttpBrowser b = t.browser();
        String grace = b.get(t.base()).body();
        assertThat(grace).contains("id=\"banner-grace\"").contains("Payment overdue: pay by");
        advanceTenant(t.slug(), 8); // past the 7 days of grace
        assertThat(subscription(t.slug()).get("status").asString()).isEqualTo("read_only");

        HttpBrowser.Page home = b.get(t.base());
        assertThat(home.body()).contains("id=\"banner-read-only\"").contains("Your account is read-only")
                .contains("Blocked: every change").contains("To restore it, pay invoice ");
        HttpBrowser.Page settings = b.get(t.base() + "/settings");
        assertThat(settings.body()).contains("id=\"write-blocked\"")
                .containsPattern("id=\"settings-submit\"[^>]* title=\"Your subscription is read-only[^\"]*\" disabled=\"disabled\"");
        assertThat(b.get(t.base() + "/team").body()).containsPattern("id=\"invite-submit\"[^>]* disabled=\"disabled\"");
        assertThat(b.get(t.base() + "/plan").body()).containsPattern("id=\"cancel-submit\"[^>]* disabled=\"disabled\"");

        // Sent anyway, every write is refused and changes nothing.
        String timezone = root().get("/api/v1/tenants/" + t.slug()).json().get("regional").get("timezone").asString();
        HttpBrowser.Page save = b.post(t.base() + "/settings", Map.of("timezone", "Asia/Tokyo", "locale", "ja-JP"));
        assertThat(save.status()).isEqualTo(403);
        assertThat(save.body()).contains("subscription-read-only");
        assertThat(root().get("/api/v1/tenants/" + t.slug()).json().get("regional").get("timezone").asString())
                .isEqualTo(timezone);
        b.get(t.base() + "/team");
        HttpBrowser.Page invite = b.post(t.base() + "/team/invitations",
                Map.of("email", Fixtures.email("late"), "role", "tenant_staff"));
        assertThat(invite.status()).isEqualTo(403);
        b.get(t.base() + "/plan");
        assertThat(b.post(t.base() + "/plan/cancel", Map.of("reason", "no")).status()).isEqualTo(403);
        assertThat(b.post(t.base() + "/plan/change", Map.of("plan", "growth", "cycle", "monthly")).status())
                .isEqualTo(403);
        assertThat(subscription(t.slug()).get("cancelAtPeriodEnd").asBoolean()).isFalse();
        // Paying stays open: the wallet page offers the recharge without any disabled control.
        assertThat(b.get(t.base() + "/wallet").body()).contains("id=\"recharge-submit\" type=\"submit\">");
    }

    @Test
    void anotherTenantsInvoicesAndRechargesAreNotFoundThroughThisTenantsPortal() {
        PortalAdmins.Admin a = activeAdmin("starter", "29.00");
        PortalAdmins.Admin b = activeAdmin("starter", "29.00");
        JsonNode bInvoices = root().get("/api/v1/tenants/" + b.slug() + "/invoices").json();
        String bInvoice = bInvoices.get("items").get(0).get("number").asString();
        assertThat(b.browser().get(b.base() + "/invoices/" + bInvoice + "/pdf").status()).isEqualTo(200);
        assertThat(a.browser().get(a.base() + "/invoices/" + bInvoice + "/pdf").status()).isEqualTo(404);
        assertThat(a.browser().get(a.base() + "/invoices").body()).doesNotContain(bInvoice);

        Api.Response recharge = root().post("/api/v1/tenants/" + b.slug() + "/recharges",
                Map.of("amount", "10.00", "gateway", "sandbox", "returnUrl", b.base() + "/wallet/return"));
        String reference = recharge.json().get("reference").asString();
        assertThat(b.browser().get(b.base() + "/wallet/return?recharge=" + reference).status()).isEqualTo(200);
        assertThat(a.browser().get(a.base() + "/wallet/return?recharge=" + reference).status()).isEqualTo(404);
        assertThat(a.browser().get(a.base() + "/wallet").body()).doesNotContain(reference);
    }

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() {
        PortalAdmins.Admin t = admin("starter");
        String before = root().get("/api/v1/tenants/" + t.slug()).json().get("regional").toString();
        HttpBrowser.Page forged = t.browser().postWithoutCsrf(t.base() + "/settings",
                Map.of("timezone", "Asia/Tokyo", "locale", "ja-JP"));
        assertThat(forged.status()).isEqualTo(403);
        HttpBrowser.Page wrong = t.browser().postWithoutCsrf(t.base() + "/wallet/recharges",
                Map.of("preset", "25", "_csrf", "not-the-token"));
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(root().get("/api/v1/tenants/" + t.slug()).json().get("regional").toString()).isEqualTo(before);
        assertThat(root().get("/api/v1/tenants/" + t.slug() + "/recharges").json().get("totalItems").asLong())
                .isZero();
    }

    @Test
    void whatTenantsTypeIsShownAsTextNeverAsMarkup() {
        PortalAdmins.Admin t = admin("starter");
        String name = "<script>alert('x')</script> & <b>Co</b>";
        assertThat(root().patch("/api/v1/tenants/" + t.slug(), Map.of("name", name)).status()).isEqualTo(200);
        for (String page : List.of("", "/usage", "/wallet", "/invoices", "/plan", "/settings", "/notifications",
                "/team", "/security")) {
            String body = t.browser().get(t.base() + page).body();
            assertThat(body).as(page).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;")
                    .doesNotContain("<script>alert").doesNotContain("<b>Co</b>");
        }
        // A bad amount comes back as the form with the server's words, the typed value escaped.
        t.browser().get(t.base() + "/wallet");
        HttpBrowser.Page bad = t.browser().post(t.base() + "/wallet/recharges", Map.of("custom", "\"><img src=x>"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"recharge-error\"").contains("value=\"&quot;&gt;&lt;img src=x&gt;\"")
                .doesNotContain("<img src=x>");
        HttpBrowser.Page zero = t.browser().post(t.base() + "/wallet/recharges", Map.of("custom", "0"));
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.body()).contains("id=\"recharge-error\"").contains("amount");
    }

    @Test
    void theUsageBarsPollEveryTwoSecondsAndShowAUsageEventOnTheNextPoll() {
        PortalAdmins.Admin t = admin("starter");
        HttpBrowser.Page page = t.browser().get(t.base() + "/usage");
        assertThat(page.body()).contains("hx-trigger=\"every 2s\"").contains("0 / 500");
        Api.Response recorded = root().post("/api/v1/usage", Map.of("tenant", t.slug(), "metric", "max_shipments",
                "quantity", 7, "idempotencyKey", "ship-" + Fixtures.token()));
        assertThat(recorded.status()).as(recorded.toString()).isIn(200, 201, 202);
        long start = System.nanoTime();
        // The first poll after the event shows it: nothing between the event and the fragment is cached.
        String bars = t.browser().get(t.base() + "/usage/bars").body();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(bars).contains("id=\"usage-max_shipments\"").contains("7 / 500")
                .contains("hx-trigger=\"every 2s\"").doesNotContain("<html");
        assertThat(millis).as("one poll").isLessThan(3_000);
    }

    @Test
    void aPlanChangeShowsItsQuoteAndIsMadeOnlyWhenConfirmed() {
        PortalAdmins.Admin t = activeAdmin("starter", "200.00");
        HttpBrowser b = t.browser();
        HttpBrowser.Page quote = b.get(t.base() + "/plan/quote?plan=growth&cycle=monthly");
        assertThat(quote.status()).as(quote.toString()).isEqualTo(200);
        // Starter 29.00 → Growth 79.00 on the first day of the period, which counts as used: R = D − 1 days are
        // left of D; credit = round(29 × R / D), charge = round(79 × R / D), HALF_EVEN to the cent, before tax.
        JsonNode s = subscription(t.slug());
        long d = java.time.temporal.ChronoUnit.DAYS.between(java.time.LocalDate.parse(s.get("periodStart").asString()),
                java.time.LocalDate.parse(s.get("periodEnd").asString()));
        long r = d - 1;
        java.math.BigDecimal credit = new java.math.BigDecimal("29.00").multiply(java.math.BigDecimal.valueOf(r))
                .divide(java.math.BigDecimal.valueOf(d), 2, java.math.RoundingMode.HALF_EVEN);
        java.math.BigDecimal charge = new java.math.BigDecimal("79.00").multiply(java.math.BigDecimal.valueOf(r))
                .divide(java.math.BigDecimal.valueOf(d), 2, java.math.RoundingMode.HALF_EVEN);
        assertThat(quote.body()).contains("Upgrade today")
                .contains("id=\"quote-credit\">" + credit.toPlainString() + " USD<")
                .contains("id=\"quote-charge\">" + charge.toPlainString() + " USD<")
                .contains(r + " of " + d + " days are left").contains("id=\"confirm-change\"");
        assertThat(subscription(t.slug()).get("plan").asString()).as("a quote changes nothing").isEqualTo("starter");
        HttpBrowser.Page confirmed = b.post(t.base() + "/plan/change", Map.of("plan", "growth", "cycle", "monthly"));
        assertThat(confirmed.location()).as(confirmed.toString()).endsWith(t.base() + "/plan?changed");
        assertThat(subscription(t.slug()).get("plan").asString()).isEqualTo("growth");
        // An unknown plan comes back as the page with the server's words.
        b.get(t.base() + "/plan");
        HttpBrowser.Page unknown = b.get(t.base() + "/plan/quote?plan=no-such-plan");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("id=\"plan-error\"");
    }

    @Test
    void theOnboardingChecklistTicksEachStepFromTheRealState() {
        PortalAdmins.Admin t = admin("starter");
        Map<String, Boolean> before = steps(t.slug());
        assertThat(before).containsEntry("account", true).containsEntry("wallet", false).containsEntry("team", false)
                .containsEntry("usage", false).containsEntry("plan", false).containsEntry("api_key", false);
        assertThat(t.browser().get(t.base()).body()).contains("1 of 7 done").contains("Next: <a");

        credit(t.slug(), "10.00");
        t.browser().get(t.base() + "/team");
        t.browser().post(t.base() + "/team/invitations", Map.of("email", Fixtures.email("mate"), "role", "tenant_staff"));
        root().post("/api/v1/usage", Map.of("tenant", t.slug(), "metric", "max_shipments", "quantity", 1,
                "idempotencyKey", "ship-" + Fixtures.token()));
        Map<String, Boolean> after = steps(t.slug());
        assertThat(after).containsEntry("wallet", true).containsEntry("team", true).containsEntry("usage", true)
                .containsEntry("plan", false);
        assertThat(t.browser().get(t.base()).body()).contains("4 of 7 done");
        // Staff without tenants.read cannot read it.
        String key = Fixtures.apiKey(root(), "usage.write");
        assertThat(Api.anonymous(port).withBearer(key).get("/api/v1/tenants/" + t.slug() + "/onboarding").status())
                .isEqualTo(403);
    }

    @Test
    void settingsChangeTheRegionalSettingsAndOnlyTheSwitchesTheOwnerOpenedToTenants() {
        String open = "open" + Fixtures.token();
        String locked = "locked" + Fixtures.token();
        assertThat(root().post("/api/v1/feature-switches", Map.of("key", open, "name", "Bulk <import>",
                "defaultValue", false, "tenantEditable", true)).status()).isEqualTo(201);
        assertThat(root().post("/api/v1/feature-switches", Map.of("key", locked, "name", "Locked",
                "defaultValue", false, "tenantEditable", false)).status()).isEqualTo(201);
        PortalAdmins.Admin t = admin("starter");
        HttpBrowser.Page page = t.browser().get(t.base() + "/settings");
        assertThat(page.body()).contains("name=\"feature." + open + "\"").doesNotContain(locked)
                .contains("Bulk &lt;import&gt;");

        HttpBrowser.Page bad = t.browser().post(t.base() + "/settings", Map.of("timezone", "Mars/Olympus",
                "locale", "en-US", "feature." + open, "on"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"settings-error\"").contains("time zone");
        assertThat(root().get("/api/v1/tenants/" + t.slug()).json().get("features").path(open).asBoolean(false))
                .as("a refused form changes nothing").isFalse();

        t.browser().get(t.base() + "/settings");
        HttpBrowser.Page saved = t.browser().post(t.base() + "/settings", Map.of("timezone", "Europe/Berlin",
                "locale", "de-DE", "feature." + open, "on", "feature." + locked, "on"));
        assertThat(saved.location()).as(saved.toString()).endsWith(t.base() + "/settings?saved");
        JsonNode tenant = root().get("/api/v1/tenants/" + t.slug()).json();
        assertThat(tenant.get("regional").get("timezone").asString()).isEqualTo("Europe/Berlin");
        assertThat(tenant.get("regional").get("locale").asString()).isEqualTo("de-DE");
        assertThat(tenant.get("features").get(open).asBoolean()).isTrue();
        assertThat(tenant.get("features").path(locked).asBoolean(false)).as("not the tenant's to change").isFalse();
        assertThat(t.browser().get(t.base() + "/settings?saved").body()).contains("id=\"saved\"");
    }

    @Test
    void aVerifiedCustomDomainServesItsTenantsPortalAndStopsWhenItIsNoLongerVerifiedOrTheTenantIsDeleted() {
        PortalAdmins.Admin t = admin("starter");
        PortalAdmins.Admin other = admin("starter");
        String domain = "billing." + t.slug() + ".example";
        assertThat(getWithHost(domain, "/portal/login").status()).as("not verified yet").isEqualTo(404);
        TestCustomDomains.VERIFIED.put(domain, new org.atrium.platform.TenantId(java.util.UUID.fromString(t.tenantId())));
        Raw served = getWithHost(domain.toUpperCase(), "/portal/login");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.body()).contains(t.name()).doesNotContain(other.name());
        // The custom domain is the tenant's host: it does not serve another tenant's /t/ path.
        assertThat(getWithHost(domain, "/t/" + other.slug() + "/portal/login").status()).isEqualTo(404);
        String notFound = getWithHost("unknown." + BASE, "/portal/login").body();
        TestCustomDomains.VERIFIED.remove(domain); // its records disappeared: the lookup no longer names it
        Raw suspended = getWithHost(domain, "/portal/login");
        assertThat(suspended.status()).isEqualTo(404);
        assertThat(suspended.body()).isEqualTo(notFound);
        TestCustomDomains.VERIFIED.put(domain, new org.atrium.platform.TenantId(java.util.UUID.fromString(t.tenantId())));
        assertThat(root().delete("/api/v1/tenants/" + t.slug()).status()).isIn(200, 204);
        Raw deleted = getWithHost(domain, "/portal/login");
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.body()).isEqualTo(notFound);
        TestCustomDomains.VERIFIED.remove(domain);
    }

    @Test
    void cancellingAtPeriodEndResumingAndTheAutoRenewSwitchChangeTheSubscription() {
        PortalAdmins.Admin t = activeAdmin("starter", "29.00");
        HttpBrowser b = t.browser();
        String end = subscription(t.slug()).get("periodEnd").asString();
        assertThat(b.get(t.base() + "/plan").body()).contains("Cancel at period end (" + end + ")");
        HttpBrowser.Page noReason = b.post(t.base() + "/plan/cancel", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"plan-error\"");
        assertThat(subscription(t.slug()).get("cancelAtPeriodEnd").asBoolean()).isFalse();
        assertThat(b.post(t.base() + "/plan/cancel", Map.of("reason", "Moving to another tool")).location())
                .endsWith(t.base() + "/plan");
        assertThat(subscription(t.slug()).get("cancelAtPeriodEnd").asBoolean()).isTrue();
        assertThat(b.get(t.base()).body()).contains("id=\"banner-cancelling\"").contains("Your subscription ends on " + end);
        b.get(t.base() + "/plan");
        assertThat(b.post(t.base() + "/plan/resume", Map.of()).location()).endsWith(t.base() + "/plan");
        assertThat(subscription(t.slug()).get("cancelAtPeriodEnd").asBoolean()).isFalse();
        b.get(t.base() + "/plan");
        b.post(t.base() + "/plan/auto-renew", Map.of("enabled", "false"));
        assertThat(subscription(t.slug()).get("autoRenew").asBoolean()).isFalse();
        assertThat(b.get(t.base() + "/plan").body()).contains("Turn auto-renew on");
        b.post(t.base() + "/plan/auto-renew", Map.of("enabled", "true"));
        assertThat(subscription(t.slug()).get("autoRenew").asBoolean()).isTrue();
    }

    @Test
    void theUnreadCountIsTheTenantsUnreadNotificationsAndMarkingOneReadLowersIt() {
        PortalAdmins.Admin t = activeAdmin("starter", "29.00"); // the assignment notifies the tenant
        long unread = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(
                () -> root().get("/api/v1/notifications?unread=true&tenantId=" + t.tenantId()).json()
                        .get("totalItems").asLong(), n -> n >= 1);
        HttpBrowser.Page page = t.browser().get(t.base() + "/notifications");
        assertThat(page.body()).contains("id=\"unread-count\">" + unread + " unread<")
                .contains("aria-label=\"" + unread + " unread\"");
        String id = page.find("action=\"/t/[^/]+/portal/notifications/([0-9a-f-]{36})/read\"");
        assertThat(t.browser().post(t.base() + "/notifications/" + id + "/read", Map.of()).location())
                .endsWith(t.base() + "/notifications");
        assertThat(t.browser().get(t.base() + "/notifications").body())
                .contains("id=\"unread-count\">" + (unread - 1) + " unread<");
        // Another tenant's notification cannot be marked through this portal.
        PortalAdmins.Admin other = admin("starter");
        other.browser().get(other.base() + "/notifications");
        assertThat(other.browser().post(other.base() + "/notifications/" + id + "/read", Map.of()).status())
                .isEqualTo(404);
    }

    @Test
    void aTenantSuspendedByStaffSeesWhyAndHowToRestoreItCannotChangeAnythingButCanStillPay() {
        PortalAdmins.Admin t = activeAdmin("starter", "29.00");
        Api.Response suspended = root().post("/api/v1/tenants/" + t.slug() + "/suspend",
                Map.of("reason", "Chargeback <under review>"));
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(200);
        HttpBrowser b = t.browser();
        assertThat(b.get(t.base()).body()).contains("id=\"banner-suspended\"")
                .contains("Your account is suspended by the platform").contains("Chargeback &lt;under review&gt;")
                .contains("Open: invoices and the wallet").contains("contact the platform");
        b.get(t.base() + "/settings");
        HttpBrowser.Page refused = b.post(t.base() + "/settings", Map.of("timezone", "Asia/Tokyo", "locale", "ja-JP"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("tenant-suspended");
        b.get(t.base() + "/wallet");
        HttpBrowser.Page recharge = b.post(t.base() + "/wallet/recharges", Map.of("preset", "25"));
        assertThat(recharge.status()).as(recharge.toString()).isEqualTo(302);
        assertThat(recharge.location()).contains("/sandbox/checkout/");
    }

    private Map<String, Boolean> steps(String slug) {
        JsonNode progress = root().get("/api/v1/tenants/" + slug + "/onboarding").json();
        Map<String, Boolean> steps = new LinkedHashMap<>();
        progress.get("steps").forEach(s -> steps.put(s.get("key").asString(), s.get("done").asBoolean()));
        assertThat(progress.get("total").asInt()).isEqualTo(7);
        return steps;
    }
}
