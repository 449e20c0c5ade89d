package org.atrium.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.atrium.platform.AdjustableClock;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.support.Browser;
import org.atrium.support.Fixtures;
import org.atrium.support.HqStaff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The HQ's tenant pages in headless Chromium: an owner signs in with a second factor, finds a tenant by typing in
 * the search box, credits its wallet, changes its plan after reading the quote, suspends it and opens its portal
 * as its admin; and the tenant page is walked with the keyboard alone. Screenshots at 1280 and 390 px.
 */
@AtriumIntegrationTest
@TestPropertySource(properties = "atrium.test.context=moving-clock")
class HqConsoleBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    AdjustableClock clock;

    private Browser browser;

    @BeforeEach
    void openBrowser() {
        browser = Browser.open();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOwnerSignsInWithTwoFactorFindsATenantCreditsItChangesItsPlanAndSuspendsIt() {
        String slug = tenant("Riverside Laundry");
        ChromeDriver driver = browser.driver();
        signInWithTwoFactor(HqStaff.create(port, "super_admin"));

        // Search: typing is enough, htmx swaps the results and keeps the search in the address.
        driver.get(url("/hq/tenants"));
        driver.findElement(By.id("q")).sendKeys(slug);
        waitFor().until(ExpectedConditions.textToBe(By.id("count"), "1 tenant"));
        assertThat(driver.findElement(By.id("tenant-" + slug)).getText()).contains("Riverside Laundry");
        waitFor().until(ExpectedConditions.urlContains("q=" + slug));
        screenshots("hq-tenants");
        driver.findElement(By.linkText("Riverside Laundry")).click();
        assertThat(driver.findElement(By.id("tenant-name")).getText()).isEqualTo("Riverside Laundry");
        screenshots("hq-tenant-overview");

        // Credit the wallet: the form, the confirmation, then the ledger line.
        driver.findElement(By.id("tab-wallet")).click();
        driver.findElement(By.id("amount")).sendKeys("25.00");
        driver.findElement(By.id("reason")).sendKeys("Courtesy credit for the outage");
        driver.findElement(By.id("continue")).click();
        assertThat(driver.findElement(By.id("confirm-amount")).getText()).isEqualTo("$25.00");
        screenshots("hq-wallet-confirm");
        driver.findElement(By.id("confirm")).click();
        assertThat(done()).isEqualTo("The wallet was credited.");
        assertThat(driver.findElement(By.id("balance")).getText()).isEqualTo("$25.00");
        WebElement line = driver.findElement(By.cssSelector("#ledger tbody tr"));
        assertThat(line.getText()).contains("manual_credit").contains("Courtesy credit for the outage")
                .contains("$25.00");
        screenshots("hq-wallet");

        // Change plan: the quote first, then the change.
        driver.findElement(By.id("tab-subscription")).click();
        new Select(driver.findElement(By.id("plan"))).selectByValue("pro");
        driver.findElement(By.id("see-quote")).click();
        assertThat(driver.findElement(By.id("quote-change")).getText()).contains("starter").contains("pro");
        assertThat(driver.findElement(By.id("quote-total")).getText()).startsWith("$");
        screenshots("hq-plan-quote");
        driver.findElement(By.id("confirm")).click();
        assertThat(done()).isEqualTo("The plan was changed.");
        assertThat(driver.findElement(By.id("subscription-plan")).getText()).isEqualTo("pro");
        screenshots("hq-subscription");

        // Suspend with a reason, after a confirmation.
        driver.findElement(By.id("tab-overview")).click();
        driver.findElement(By.id("suspend")).click();
        driver.findElement(By.id("reason")).sendKeys("Chargeback under review");
        driver.findElement(By.cssSelector("#reason-form button[type=submit]")).click();
        assertThat(driver.findElement(By.id("confirm-reason")).getText()).contains("Chargeback under review");
        driver.findElement(By.id("confirm")).click();
        assertThat(driver.findElement(By.id("overview-status")).getText()).isEqualTo("suspended");
        assertThat(driver.findElement(By.id("status-reason")).getText()).contains("Chargeback under review");
        assertThat(browser.overflowsHorizontally()).isFalse();
    }

    @Test
    void supportImpersonatesATenantsAdminInANewTabThatShowsTheWatermark() {
        String slug = tenant("Harbour Loans");
        ChromeDriver driver = browser.driver();
        signIn(HqStaff.create(port, "support"));
        driver.get(url("/hq/tenants/" + slug));
        driver.findElement(By.id("impersonate")).click();
        driver.findElement(By.id("reason")).sendKeys("Ticket 4411: invoice question");
        WebElement minutes = driver.findElement(By.id("minutes"));
        minutes.clear();
        minutes.sendKeys("10");
        screenshots("hq-impersonate");
        String hq = driver.getWindowHandle();
        driver.findElement(By.id("start-impersonation")).click();
        waitFor().until(d -> d.getWindowHandles().size() == 2);
        driver.getWindowHandles().stream().filter(h -> !h.equals(hq)).findFirst()
                .ifPresent(h -> driver.switchTo().window(h));
        WebElement watermark = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("impersonation")));
        assertThat(watermark.getText()).contains("is acting as").contains("admin@" + slug)
                .contains("Ticket 4411: invoice question");
        // The portal's own pages are not the HQ's: only the watermark is checked at phone width here.
        browser.screenshot("portal-impersonated");
        browser.width(Browser.PHONE_WIDTH);
        assertThat(watermark.getSize().getWidth()).isLessThanOrEqualTo(Browser.PHONE_WIDTH);
        browser.screenshot("portal-impersonated");
    }

    @Test
    void theTenantPageCanBeWalkedWithTheKeyboardAlone() {
        String slug = tenant("Keyboard Couriers");
        ChromeDriver driver = browser.driver();
        signIn(HqStaff.create(port, "support"));
        driver.get(url("/hq/tenants/" + slug));

        List<String> reached = new ArrayList<>();
        // A headless window never has the system's focus; emulating it lets Tab move through the page as it would.
        driver.executeCdpCommand("Emulation.setFocusEmulationEnabled", java.util.Map.of("enabled", true));
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        for (int i = 0; i < 40; i++) {
            WebElement focused = driver.switchTo().activeElement();
            if (focused.getTagName().equals("body")) {
                break; // past the last control of the page
            }
            String id = focused.getAttribute("id");
            reached.add(id == null || id.isEmpty() ? focused.getText() : id);
            // Focus is always visible: the focus ring of the design system, never "outline: none".
            String outline = (String) driver.executeScript(
                    "return getComputedStyle(arguments[0]).outlineStyle", focused);
            assertThat(outline).as("outline of " + reached.get(reached.size() - 1)).isNotEqualTo("none");
            focused.sendKeys(Keys.TAB);
        }
        assertThat(reached.get(0)).isEqualTo("Skip to content");
        assertThat(reached.get(1)).isEqualTo("Atrium HQ");
        assertThat(reached).contains("tab-overview", "tab-wallet", "tab-subscription", "suspend", "impersonate");
        assertThat(reached.indexOf("tab-wallet")).isLessThan(reached.indexOf("suspend"));
        assertThat(reached.get(reached.size() - 1)).isEqualTo("delete");

        // Enter on a tab opens it; the skip link jumps over the navigation.
        driver.get(url("/hq/tenants/" + slug));
        driver.findElement(By.cssSelector("a.skip-link")).sendKeys(Keys.ENTER);
        driver.switchTo().activeElement().sendKeys(Keys.TAB);
        // After the skip link, the next stop is inside the page (the breadcrumb), not the navigation.
        assertThat(driver.switchTo().activeElement().getText()).isEqualTo("HQ");
        driver.findElement(By.id("tab-wallet")).sendKeys(Keys.ENTER);
        waitFor().until(ExpectedConditions.urlContains("/wallet"));
        assertThat(driver.findElement(By.id("balance")).isDisplayed()).isTrue();
    }

    /** The confirmation an action leaves on the page it redirects to. */
    private String done() {
        ChromeDriver driver = browser.driver();
        List<WebElement> found = driver.findElements(By.id("done"));
        assertThat(found).as(driver.getCurrentUrl() + "\n" + driver.getPageSource()).isNotEmpty();
        return found.get(0).getText();
    }

    private void signInWithTwoFactor(String email) {
        ChromeDriver driver = browser.driver();
        driver.get(url("/hq/login"));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(HqStaff.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        String secret = driver.findElement(By.id("secret")).getText();
        driver.findElement(By.id("code")).sendKeys(HqStaff.code(secret, clock.instant()));
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        driver.findElement(By.id("continue")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));

        // Signed out and in again: the password, then a code of a later step from the app.
        driver.findElement(By.cssSelector(".shell-account button")).click();
        waitFor().withMessage(() -> driver.getCurrentUrl() + "\n" + driver.getPageSource())
                .until(ExpectedConditions.presenceOfElementLocated(By.id("email")));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(HqStaff.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor().until(ExpectedConditions.urlContains("/hq/login/code"));
        clock.advance(Duration.ofSeconds(30));
        driver.findElement(By.id("code")).sendKeys(HqStaff.code(secret, clock.instant()));
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
        assertThat(driver.findElement(By.id("signed-in-as")).getText()).isEqualTo(email);
        clock.advance(Duration.ofSeconds(30));
    }

    private void signIn(String email) {
        ChromeDriver driver = browser.driver();
        driver.get(url("/hq/login"));
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(HqStaff.PASSWORD);
        driver.findElement(By.cssSelector("button[type=submit]")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));
    }

    private String tenant(String name) {
        String slug = Fixtures.slug("ui");
        Api.Response created = Api.asRoot(port).post("/api/v1/tenants", Fixtures.tenantRequest(slug, name, "starter"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return slug;
    }

    private void screenshots(String name) {
        browser.width(Browser.DESKTOP_WIDTH);
        browser.screenshot(name);
        browser.width(Browser.PHONE_WIDTH);
        assertThat(browser.overflowsHorizontally()).as(name + " at phone width").isFalse();
        browser.screenshot(name);
        browser.width(Browser.DESKTOP_WIDTH);
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser.driver(), Duration.ofSeconds(10));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
