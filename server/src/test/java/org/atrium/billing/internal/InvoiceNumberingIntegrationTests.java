package org.atrium.billing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.atrium.billing.InvoiceFixtures.newTenant;
import static org.atrium.billing.InvoiceFixtures.platformCurrency;
import static org.atrium.billing.InvoiceFixtures.subscription;
import static org.atrium.billing.InvoiceFixtures.withSettings;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.atrium.audit.AuditLog;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceFixtures.CreatedTenant;
import org.atrium.billing.Invoicing;
import org.atrium.operations.Settings;
import org.atrium.platform.ProblemException;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.Wallets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.ObjectMapper;

@AtriumIntegrationTest
class InvoiceNumberingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    InvoiceNumbers numbers;

    @Autowired
    Invoicing invoicing;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ObjectMapper json;

    @Autowired
    AuditLog audit;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    Tenants tenants;

    @Autowired
    Settings settings;

    @Autowired
    Wallets wallets;

    @Autowired
    InvoicePdf pdf;

    Api api;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
    }

    @Test
    void numbersRunWithoutGapsPerPrefixAndYearAndARollbackGivesTheNumberBack() {
        String prefix = uniquePrefix();

        assertThat(next(prefix, 2026)).isEqualTo(prefix + "-2026-00001");
        assertThat(next(prefix, 2026)).isEqualTo(prefix + "-2026-00002");
        assertThat(next(prefix, 2027)).isEqualTo(prefix + "-2027-00001");
        assertThat(next("O" + prefix.substring(1), 2026)).endsWith("-2026-00001");
        tx.executeWithoutResult(status -> {
            assertThat(numbers.next(prefix, 2026)).isEqualTo(prefix + "-2026-00003");
            status.setRollbackOnly();
        });
        assertThat(next(prefix, 2026)).isEqualTo(prefix + "-2026-00003");
        assertThat(next(prefix, 2027)).isEqualTo(prefix + "-2027-00002");
        assertThatThrownBy(() -> numbers.next(prefix, 2026)).as("only inside the issuing transaction")
                .isInstanceOf(RuntimeException.class);
    }

    @Test
    void concurrentIssuersGetConsecutiveNumbersWithoutGapsOrDuplicates() throws Exception {
        String prefix = uniquePrefix();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> futures = new ArrayList<>();
        Random random = new Random(7);
        for (int i = 0; i < 60; i++) {
            boolean rollBack = random.nextInt(4) == 0;
            futures.add(pool.submit(() -> tx.execute(status -> {
                String number = numbers.next(prefix, 2026);
                if (rollBack) {
                    status.setRollbackOnly();
                    return null;
                }
                return number;
            })));
        }
        List<String> kept = new ArrayList<>();
        for (Future<String> future : futures) {
            String number = future.get(60, TimeUnit.SECONDS);
            if (number != null) {
                kept.add(number);
            }
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= kept.size(); n++) {
            expected.add("%s-2026-%05d".formatted(prefix, n));
        }
        assertThat(kept).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void anIssueThatRollsBackLeavesNoGapInTheInvoiceNumbers() {
        CreatedTenant tenant = newTenant(api, "num-rollback");
        String currency = platformCurrency(api);
        String prefix = uniquePrefix();
        withSettings(api, Map.of("invoicePrefix", prefix), () -> {
            Invoice first = invoicing.issue(subscription(tenant.id(), currency, "10.00").taxable(false));
            int year = first.issueDate().getYear();
            assertThat(first.number()).isEqualTo("%s-%d-00001".formatted(prefix, year));

            // Rolled back after its number was taken: the number comes back.
            tx.executeWithoutResult(status -> {
                Invoice doomed = invoicing.issue(subscription(tenant.id(), currency, "11.00").taxable(false));
                assertThat(doomed.number()).isEqualTo("%s-%d-00002".formatted(prefix, year));
                status.setRollbackOnly();
            });
            // Refused by the wallet (402): nothing is taken.
            assertThatThrownBy(() -> invoicing.issue(subscription(tenant.id(), currency, "12.00").taxable(false)
                    .payingFromWallet())).isInstanceOf(ProblemException.class);

            Invoice second = invoicing.issue(subscription(tenant.id(), currency, "13.00").taxable(false));
            assertThat(second.number()).isEqualTo("%s-%d-00002".formatted(prefix, year));
        });
    }

    @Test
    void theYearOfTheNumberIsTheIssueDatesInThePlatformTimezoneAndTheCountRestartsWithIt() {
        CreatedTenant tenant = newTenant(api, "num-year");
        String currency = platformCurrency(api);
        String prefix = uniquePrefix();
        withSettings(api, Map.of("invoicePrefix", prefix, "defaultTimezone", "Asia/Tokyo"), () -> {
            // 14:30 UTC on 31 December is 23:30 in Tokyo: still 2031 there.
            Invoicing lateDecember = at("2031-12-31T14:30:00Z");
            Invoice a = issue(lateDecember, tenant, currency, "1.00");
            Invoice b = issue(lateDecember, tenant, currency, "2.00");
            // 15:30 UTC on 31 December is already 00:30 on 1 January 2032 in Tokyo: a new count.
            Invoicing newYear = at("2031-12-31T15:30:00Z");
            Invoice c = issue(newYear, tenant, currency, "3.00");
            Invoice d = issue(newYear, tenant, currency, "4.00");

            assertThat(a.number()).isEqualTo(prefix + "-2031-00001");
            assertThat(b.number()).isEqualTo(prefix + "-2031-00002");
            assertThat(c.number()).isEqualTo(prefix + "-2032-00001");
            assertThat(d.number()).isEqualTo(prefix + "-2032-00002");
            assertThat(a.issueDate()).hasToString("2031-12-31");
            assertThat(c.issueDate()).hasToString("2032-01-01");
            assertThat(c.timezone()).isEqualTo("Asia/Tokyo");
        });
    }

    /** The same service reading a clock stopped at the given instant. */
    private Invoicing at(String instant) {
        Clock fixed = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
        Invoices invoices = new Invoices(jdbc, json);
        InvoiceIssuing issuing = new InvoiceIssuing(invoices, new InvoiceKeys(jdbc), numbers, tenants, settings, fixed, audit, events);
        return new InvoicingService(invoices, issuing, new WalletPayments(wallets), fixed, audit, events, tenants,
                settings, pdf);
    }

    private Invoice issue(Invoicing service, CreatedTenant tenant, String currency, String price) {
        // Built by hand, the service has no transactional proxy: the test opens the transaction it would.
        return tx.execute(status -> service.issue(subscription(tenant.id(), currency, price).taxable(false)));
    }

    private String next(String prefix, int year) {
        return tx.execute(status -> numbers.next(prefix, year));
    }

    private static String uniquePrefix() {
        return "T" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();
    }
}
