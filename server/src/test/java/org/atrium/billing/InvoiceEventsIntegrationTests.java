package org.atrium.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atrium.billing.InvoiceFixtures.newTenant;
import static org.atrium.billing.InvoiceFixtures.platformCurrency;
import static org.atrium.billing.InvoiceFixtures.subscription;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import org.atrium.billing.InvoiceFixtures.CreatedTenant;
import org.atrium.platform.Money;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/**
 * Every state change of an invoice announces itself with an event naming the tenant (id and slug), the invoice, the
 * status before and after, the amount and when it happened.
 */
@AtriumIntegrationTest
@EnableScenarios
class InvoiceEventsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Clock clock;

    Api api;
    String currency;
    CreatedTenant tenant;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        currency = platformCurrency(api);
        tenant = newTenant(api, "inv-events");
    }

    @Test
    void issuingPublishesInvoiceIssuedFromDraftToIssued(Scenario scenario) {
        scenario.stimulate(() -> invoicing.issue(subscription(tenant.id(), currency, "12.50").taxable(false)))
                .andWaitForEventOfType(InvoiceIssued.class)
                .matchingMappedValue(InvoiceIssued::tenantId, tenant.id())
                .toArriveAndVerify((event, invoice) -> {
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.invoiceId()).isEqualTo(invoice.id());
                    assertThat(event.number()).isEqualTo(invoice.number());
                    assertThat(event.from()).isEqualTo(InvoiceStatus.DRAFT);
                    assertThat(event.to()).isEqualTo(InvoiceStatus.ISSUED);
                    // One line of 12.50, no tax.
                    assertThat(event.total()).isEqualTo(Money.of("12.50", currency));
                    assertThat(event.occurredAt()).isEqualTo(invoice.issuedAt());
                });
    }

    @Test
    void aManualPaymentPublishesInvoicePaidFromIssuedToPaid(Scenario scenario) {
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "40.00").taxable(false));
        scenario.stimulate(() -> invoicing.markPaid(open.number(),
                new ManualPayment(ManualPayment.Method.WIRE, "W-7", null, null)))
                .andWaitForEventOfType(InvoicePaid.class)
                .matchingMappedValue(InvoicePaid::invoiceId, open.id())
                .toArriveAndVerify((event, paid) -> {
                    assertThat(event.tenantId()).isEqualTo(tenant.id());
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.amount()).isEqualTo(Money.of("40.00", currency));
                    assertThat(event.method()).isEqualTo("wire");
                    assertThat(event.from()).isEqualTo(InvoiceStatus.ISSUED);
                    assertThat(event.to()).isEqualTo(InvoiceStatus.PAID);
                    assertThat(event.occurredAt()).isEqualTo(paid.paidAt());
                });
    }

    @Test
    void passingTheDueDatePublishesInvoiceOverdueFromIssuedToOverdue(Scenario scenario) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneId.of("UTC"));
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "9.99").taxable(false)
                .dueOn(today.plusDays(2)));
        // Three days on, the due date (today + 2) has passed.
        scenario.stimulate(() -> invoicing.markOverdue(today.plusDays(3)))
                .andWaitForEventOfType(InvoiceOverdue.class)
                .matchingMappedValue(InvoiceOverdue::invoiceId, open.id())
                .toArriveAndVerify(event -> {
                    assertThat(event.tenantId()).isEqualTo(tenant.id());
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.number()).isEqualTo(open.number());
                    assertThat(event.amountDue()).isEqualTo(Money.of("9.99", currency));
                    assertThat(event.dueDate()).isEqualTo(today.plusDays(2));
                    assertThat(event.from()).isEqualTo(InvoiceStatus.ISSUED);
                    assertThat(event.to()).isEqualTo(InvoiceStatus.OVERDUE);
                    assertThat(event.occurredAt()).isNotNull();
                });
        assertThat(invoicing.require(open.number()).status()).isEqualTo(InvoiceStatus.OVERDUE);
    }

    @Test
    void cancellingPublishesInvoiceCancelledWithTheReason(Scenario scenario) {
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "15.00").taxable(false));
        scenario.stimulate(() -> invoicing.cancel(open.number(), "  Issued by mistake "))
                .andWaitForEventOfType(InvoiceCancelled.class)
                .matchingMappedValue(InvoiceCancelled::invoiceId, open.id())
                .toArriveAndVerify((event, cancelled) -> {
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    assertThat(event.reason()).isEqualTo("Issued by mistake");
                    assertThat(event.total()).isEqualTo(Money.of("15.00", currency));
                    assertThat(event.from()).isEqualTo(InvoiceStatus.ISSUED);
                    assertThat(event.to()).isEqualTo(InvoiceStatus.CANCELLED);
                    assertThat(event.occurredAt()).isEqualTo(cancelled.cancelledAt());
                });
    }

    @Test
    void aRefundPublishesInvoiceRefundedWithTheCreditNoteAndWhatIsRefundedSoFar(Scenario scenario) {
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "50.00").taxable(false));
        invoicing.markPaid(open.number(), new ManualPayment(ManualPayment.Method.WIRE, null, null, null));
        invoicing.refund(open.number(), new BigDecimal("10.00"), "Goodwill", "refund-a-" + open.id());
        scenario.stimulate(() -> invoicing.refund(open.number(), new BigDecimal("15.00"), "Downtime",
                "refund-b-" + open.id()))
                .andWaitForEventOfType(InvoiceRefunded.class)
                .matchingMappedValue(InvoiceRefunded::amount, Money.of("15.00", currency))
                .toArriveAndVerify((event, creditNote) -> {
                    assertThat(event.invoiceId()).isEqualTo(open.id());
                    assertThat(event.number()).isEqualTo(open.number());
                    assertThat(event.creditNoteNumber()).isEqualTo(creditNote.number());
                    assertThat(event.tenantSlug()).isEqualTo(tenant.slug());
                    // 10.00 before, 15.00 now.
                    assertThat(event.refundedTotal()).isEqualTo(Money.of("25.00", currency));
                    assertThat(event.occurredAt()).isEqualTo(creditNote.issuedAt());
                });
    }
}
