package org.atrium.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atrium.support.Api;
import org.atrium.support.Browser;
import org.atrium.support.Fixtures;
import org.atrium.support.HttpBrowser;
import org.atrium.support.PortalAdmins;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The portal in headless Chromium at 1280 and 390 px: a recharge through the sandbox gateway's hosted page to the
 * credited balance and its invoice's PDF, a plan change after its quote, a read-only tenant that sees why it cannot
 * write, the impersonation watermark on every page, and the usage bars moving without a reload. Screenshots go to
 * {@code target/screenshots/portal-*}.
 */
class PortalBrowserTests extends PortalTestContext {

    Browser browser;

    @BeforeEach
    void open() {
        browser = Browser.open();
    }

    @AfterEach
    void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aRechargeThroughTheSandboxGatewayShowsTheCreditAndItsInvoiceWithAPdf() {
        PortalAdmins.Admin t = admin("starter");
        ChromeDriver driver = signIn(t);
        driver.get(url(t.base() + "/wallet"));
        assertThat(driver.findElement(By.id("balance")).getText()).isEqualTo("0.00 USD");
        driver.findElement(By.cssSelector("label[for='preset-50']")).click();
        browser.screenshot("portal-wallet");
        driver.findElement(By.id("recharge-submit")).click();

        // The gateway's hosted page (the sandbox's, on this server), then back to the portal's return page.
        wait(driver).until(ExpectedConditions.urlContains("/sandbox/checkout/"));
        assertThat(driver.getPageSource()).contains("50.00");
        driver.findElement(By.xpath("//button[text()='Pay']")).click();
        wait(driver).until(ExpectedConditions.urlContains(t.base() + "/wallet/return"));
        WebElement credited = wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("credited")));
        assertThat(credited.getText()).isEqualTo("50.00 USD added to your wallet.");
        assertThat(driver.findElement(By.id("return-balance")).getText()).isEqualTo("50.00 USD");
        browser.screenshot("portal-recharge-credited");

        driver.get(url(t.base() + "/invoices"));
        WebElement row = driver.findElement(By.xpath("//table[@id='invoices']//td[text()='recharge']/.."));
        assertThat(row.getText()).contains("PAID").contains("50.00 USD"); // badges are upper case by CSS
        String pdf = row.findElement(By.partialLinkText("PDF")).getAttribute("href");
        browser.screenshot("portal-invoices");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-invoices");
        HttpBrowser.Page document = t.browser().get(pdf.substring(pdf.indexOf(t.base())));
        assertThat(document.status()).isEqualTo(200);
        assertThat(document.headers().get("content-type").get(0)).isEqualTo("application/pdf");
        assertThat(document.body()).startsWith("%PDF-");
    }

    @Test
    void aPlanChangeIsConfirmedAfterItsQuote() {
        PortalAdmins.Admin t = activeAdmin("starter", "200.00");
        ChromeDriver driver = signIn(t);
        driver.get(url(t.base() + "/plan"));
        driver.findElement(By.id("quote-growth")).click();
        wait(driver).until(ExpectedConditions.visibilityOfElementLocated(By.id("quote")));
        assertThat(driver.findElement(By.id("quote-summary")).getText()).startsWith("Upgrade today");
        assertThat(driver.findElement(By.id("confirm-change")).getText()).startsWith("Confirm and pay ");
        browser.screenshot("portal-plan-quote");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-plan-quote");
        driver.findElement(By.id("confirm-change")).click();
        wait(driver).until(ExpectedConditions.urlContains("/plan?changed"));
        assertThat(driver.findElement(By.id("current-plan")).getText()).startsWith("You are on growth (monthly), active");
        assertThat(subscription(t.slug()).get("plan").asString()).isEqualTo("growth");
    }

    @Test
    void aReadOnlyTenantSeesWhyItCannotWrite() {
        PortalAdmins.Admin t = activeAdmin("starter", "29.00");
        advanceTenant(t.slug(), 31);
        advanceTenant(t.slug(), 8);
        ChromeDriver driver = signIn(t);
        driver.get(url(t.base()));
        WebElement banner = driver.findElement(By.id("banner-read-only"));
        assertThat(banner.getText()).contains("Your account is read-only").contains("To restore it, pay invoice");
        browser.screenshot("portal-home-read-only");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-home-read-only");
        driver.get(url(t.base() + "/settings"));
        assertThat(driver.findElement(By.id("settings-submit")).isEnabled()).isFalse();
        assertThat(driver.findElement(By.id("write-blocked")).getText()).startsWith("Your subscription is read-only");
        browser.screenshot("portal-settings-read-only");
    }

    @Test
    void whileStaffImpersonateEveryPageShowsTheWatermarkAboveEverything() {
        PortalAdmins.Admin t = admin("starter");
        String support = Fixtures.email("support");
        root().post("/api/v1/staff", Map.of("email", support, "name", "Support", "password", PortalAdmins.PASSWORD,
                "role", "support"));
        Api.Response started = Api.anonymous(port).withBasic(support, PortalAdmins.PASSWORD).post(
                "/api/v1/tenants/" + t.slug() + "/impersonations", Map.of("reason", "Ticket 4411", "minutes", 15));
        assertThat(started.status()).as(started.toString()).isEqualTo(201);
        ChromeDriver driver = browser.driver();
        driver.get(url(started.json().get("openPath").asString()));
        for (String page : List.of("", "/usage", "/wallet", "/invoices", "/plan", "/settings", "/notifications",
                "/team", "/security")) {
            driver.get(url(t.base() + page));
            WebElement mark = driver.findElement(By.id("watermark"));
            assertThat(mark.getText()).as(page).contains(support + " is acting as " + t.email())
                    .contains("Ticket 4411").contains("min left").contains("End session");
            assertThat(mark.getCssValue("position")).isEqualTo("fixed");
            assertThat(mark.getCssValue("z-index")).isEqualTo("2147483647");
        }
        driver.get(url(t.base() + "/security"));
        driver.executeScript("window.scrollTo(0, document.body.scrollHeight)");
        Object top = driver.executeScript("return document.getElementById('watermark').getBoundingClientRect().top");
        assertThat(((Number) top).doubleValue()).as("still at the top of the viewport").isZero();
        // Whatever the page draws there, the banner is what the user sees (and clicks) at that point.
        Object onTop = driver.executeScript("var w = document.getElementById('watermark');"
                + "var r = w.getBoundingClientRect();"
                + "return w.contains(document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2));");
        assertThat(onTop).isEqualTo(Boolean.TRUE);
        browser.screenshot("portal-impersonation");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-impersonation");
        driver.findElement(By.id("end-impersonation")).click();
        wait(driver).until(ExpectedConditions.urlContains(t.base() + "/login"));
    }

    @Test
    void theUsageBarsFollowUsageWithoutAReload() {
        PortalAdmins.Admin t = admin("starter");
        ChromeDriver driver = signIn(t);
        driver.get(url(t.base() + "/usage"));
        WebElement figure = driver.findElement(By.cssSelector("#usage-max_shipments .usage-bar__figure"));
        assertThat(figure.getText()).isEqualTo("0 / 500");
        driver.executeScript("document.title = 'not reloaded'");
        long start = System.nanoTime();
        root().post("/api/v1/usage", Map.of("tenant", t.slug(), "metric", "max_shipments", "quantity", 42,
                "idempotencyKey", "ship-" + Fixtures.token()));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> d.findElement(
                By.cssSelector("#usage-max_shipments .usage-bar__figure")).getText().equals("42 / 500"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("Usage event to bar: " + millis + " ms");
        assertThat(millis).isLessThan(5_000);
        assertThat(driver.getTitle()).isEqualTo("not reloaded");
        browser.screenshot("portal-usage");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-usage");
        driver.get(url(t.base()));
        assertThat(browser.overflowsHorizontally()).isFalse();
        browser.screenshot("portal-home");
    }

    /** Hands the admin's portal session (signed in over HTTP, TOTP included) to the browser. */
    private ChromeDriver signIn(PortalAdmins.Admin t) {
        ChromeDriver driver = browser.driver();
        driver.get(url(t.base() + "/login"));
        driver.manage().deleteAllCookies();
        driver.manage().addCookie(new Cookie("ATRIUM_PORTAL", t.browser().cookie("ATRIUM_PORTAL"), t.base()));
        return driver;
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private static WebDriverWait wait(ChromeDriver driver) {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }
}
