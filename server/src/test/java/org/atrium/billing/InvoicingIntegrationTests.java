package org.atrium.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.atrium.billing.InvoiceFixtures.list;
import static org.atrium.billing.InvoiceFixtures.newTenant;
import static org.atrium.billing.InvoiceFixtures.platformCurrency;
import static org.atrium.billing.InvoiceFixtures.subscription;
import static org.atrium.billing.InvoiceFixtures.taxRate;
import static org.atrium.billing.InvoiceFixtures.withSettings;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.billing.InvoiceFixtures.CreatedTenant;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.support.Api;
import org.atrium.support.AtriumIntegrationTest;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.WalletTransaction;
import org.atrium.wallet.Wallets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

@AtriumIntegrationTest
@RecordApplicationEvents
class InvoicingIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    Invoicing invoicing;

    @Autowired
    Wallets wallets;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    ApplicationEvents events;

    Api api;
    String currency;

    @BeforeEach
    void setUp() {
        api = Api.asRoot(port);
        currency = platformCurrency(api);
    }

    @Test
    void issuesANumberedInvoiceWithExclusiveTaxForTheBuyersCountryAndSnapshotsBothParties() {
        CreatedTenant tenant = newTenant(api, "inv-excl", "DE");
        withSettings(api, Map.of("taxRates", list(taxRate("vat-de", "19", "DE", false),
                taxRate("sales", "7", null, false)),
                "seller", Map.of("name", "Atrium Platform Ltd", "address", "1 Market Street\nDublin", "taxId", "IE1234567X")),
                () -> {
                    // 3 × 2.50 = 7.50; 19% of 7.50 = 1.425 → 1.42 (the even cent; half-up would say 1.43); total 8.92.
                    Invoice invoice = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency,
                            "sub-" + UUID.randomUUID(), List.of(InvoiceDraft.Line.of("Seats", "2.50").times("3")
                                    .forPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30)))));

                    assertThat(invoice.status()).isEqualTo(InvoiceStatus.ISSUED);
                    assertThat(invoice.number()).matches("INV-\\d{4}-\\d{5}");
                    assertThat(invoice.number()).startsWith("INV-" + invoice.issueDate().getYear() + "-");
                    assertThat(invoice.subtotal()).isEqualTo(money("7.50"));
                    assertThat(invoice.taxLines()).singleElement().satisfies(t -> {
                        assertThat(t.code()).isEqualTo("vat-de");
                        assertThat(t.amount()).isEqualTo(money("1.42"));
                    });
                    assertThat(invoice.taxTotal()).isEqualTo(money("1.42"));
                    assertThat(invoice.total()).isEqualTo(money("8.92"));
                    assertThat(invoice.amountDue()).isEqualTo(money("8.92"));
                    assertThat(invoice.lines()).singleElement().satisfies(l -> {
                        assertThat(l.amount()).isEqualTo(money("7.50"));
                        assertThat(l.periodTo()).isEqualTo(LocalDate.of(2026, 11, 30));
                    });
                    assertThat(invoice.dueDate()).isAfter(invoice.issueDate());
                    assertThat(invoice.buyer().name()).isEqualTo(tenant.legalName());
                    assertThat(invoice.buyer().country()).isEqualTo("DE");
                    assertThat(invoice.buyer().taxId()).isEqualTo("DE123456789");
                    assertThat(invoice.buyer().addressLines()).containsExactly("Hauptstraße 5", "10115 Berlin");
                    assertThat(invoice.buyer().email()).isEqualTo("billing@" + tenant.slug() + ".test");
                    assertThat(invoice.seller().name()).isEqualTo("Atrium Platform Ltd");
                    assertThat(invoice.seller().addressLines()).containsExactly("1 Market Street", "Dublin");
                    assertThat(invoicing.find(invoice.number())).contains(invoice);
                });
        assertThat(events.stream(InvoiceIssued.class).filter(e -> e.tenantId().equals(tenant.id()))).hasSize(1);
    }

    @Test
    void anInvoiceAsIssuingOrPayingReturnsItIsTheInvoiceAsStored() {
        CreatedTenant tenant = newTenant(api, "inv-as-stored", "DE");
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("500.00"), "topup-1", null));
        // Rates and quantities written with trailing zeros, two lines, an inclusive and an exclusive rate: everything
        // that the database stores in its own scale must come back the same as when it is read again.
        withSettings(api, Map.of("taxRates", list(taxRate("vat-de", "19.50", "DE", false),
                taxRate("levy", "2.0", "DE", true))), () -> {
                    List<InvoiceDraft.Line> lines = List.of(InvoiceDraft.Line.of("Seats", "2.50").times("3.5000")
                            .forPeriod(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1)),
                            InvoiceDraft.Line.of("Setup", "10.00"));

                    Invoice paidAtIssue = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION,
                            currency, "sub-" + UUID.randomUUID(), lines).payingFromWallet());
                    assertThat(invoicing.require(paidAtIssue.number())).isEqualTo(paidAtIssue);

                    Invoice open = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency,
                            "sub-" + UUID.randomUUID(), lines));
                    assertThat(invoicing.require(open.number())).isEqualTo(open);
                    Invoice settled = invoicing.settleFromWallet(open.number());
                    assertThat(invoicing.require(open.number())).isEqualTo(settled);

                    Invoice byHand = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency,
                            "sub-" + UUID.randomUUID(), lines));
                    Invoice marked = invoicing.markPaid(byHand.number(),
                            new ManualPayment(ManualPayment.Method.WIRE, "wire-7", null, "Paid by transfer"));
                    assertThat(invoicing.require(byHand.number())).isEqualTo(marked);
                    assertThat(marked.payments()).singleElement()
                            .satisfies(p -> assertThat(p.reference()).isEqualTo("wire-7"));
                });
    }

    @Test
    void buyersWithoutTheirOwnRateGetTheDefaultRates() {
        CreatedTenant tenant = newTenant(api, "inv-default-tax", "US");
        withSettings(api, Map.of("taxRates", list(taxRate("vat-de", "19", "DE", false),
                taxRate("sales", "7", null, false))), () -> {
                    // 7% of 3.50 = 0.245 → 0.24 (the even cent; half-up would say 0.25); total 3.74.
                    Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "3.50"));
                    assertThat(invoice.taxLines()).extracting(TaxLine::code).containsExactly("sales");
                    assertThat(invoice.total()).isEqualTo(money("3.74"));
                });
    }

    @Test
    void inclusiveTaxIsExtractedAndTheTotalStaysTheGross() {
        CreatedTenant tenant = newTenant(api, "inv-incl", "AT");
        withSettings(api, Map.of("taxRates", list(taxRate("vat-at", "20", "AT", true))), () -> {
            // 20% included in 10.05: 10.05 − 10.05 / 1.2 = 10.05 − 8.375 = 1.675 → 1.68 (the even cent; 7 is odd);
            // net 8.37.
            Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "10.05"));
            assertThat(invoice.taxTotal()).isEqualTo(money("1.68"));
            assertThat(invoice.subtotal()).isEqualTo(money("8.37"));
            assertThat(invoice.total()).isEqualTo(money("10.05"));
            assertThat(invoice.taxLines()).singleElement().satisfies(t -> assertThat(t.inclusive()).isTrue());
        });
        withSettings(api, Map.of("taxRates", list(taxRate("vat-at", "60", "AT", true))), () -> {
            // 60% included in 0.12: 0.12 − 0.075 = 0.045 → 0.04 (half-up would say 0.05).
            Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "0.12"));
            assertThat(invoice.taxTotal()).isEqualTo(money("0.04"));
            assertThat(invoice.subtotal()).isEqualTo(money("0.08"));
        });
    }

    @Test
    void issuingAgainWithTheSameKeyReturnsTheFirstInvoice() {
        CreatedTenant tenant = newTenant(api, "inv-idem");
        InvoiceDraft draft = subscription(tenant.id(), currency, "29.00");

        Invoice first = invoicing.issue(draft);
        Invoice again = invoicing.issue(draft);

        assertThat(again).isEqualTo(first);
        assertThat(invoiceCount(tenant.id())).isEqualTo(1);
        assertThat(invoicing.findByIdempotencyKey(tenant.id(), draft.idempotencyKey())).contains(first);

        InvoiceDraft different = InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency,
                draft.idempotencyKey(), List.of(InvoiceDraft.Line.of("Growth plan, monthly", "30.00")));
        assertThatThrownBy(() -> invoicing.issue(different)).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(p.kind()).isEqualTo("idempotency-conflict");
            assertThat(p.properties()).containsEntry("number", first.number());
        });
        assertThat(invoiceCount(tenant.id())).isEqualTo(1);
    }

    @Test
    void walletPaidIssueIsPaidInTheSameTransactionWithOneLedgerLineAndOneInvoice() {
        CreatedTenant tenant = newTenant(api, "inv-wallet");
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("50.00"), "topup-1", null));
        InvoiceDraft draft = subscription(tenant.id(), currency, "29.00").taxable(false).payingFromWallet();

        Invoice invoice = invoicing.issue(draft);

        assertThat(invoice.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(invoice.amountPaid()).isEqualTo(money("29.00"));
        assertThat(invoice.amountDue()).isEqualTo(money("0.00"));
        assertThat(invoice.paidAt()).isNotNull();
        assertThat(invoice.payments()).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("wallet");
            assertThat(p.walletTransactionId()).isNotNull();
        });
        WalletTransaction payment = wallets.transaction(tenant.id(), draft.idempotencyKey()).orElseThrow();
        assertThat(payment.type()).isEqualTo(LedgerType.SUBSCRIPTION_PAYMENT);
        assertThat(payment.amount()).isEqualTo(money("-29.00"));
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("21.00"));
        // The recharge got its own invoice from the ledger; the payment did not get a second one.
        assertThat(invoiceCount(tenant.id())).isEqualTo(2);
        assertThat(events.stream(InvoicePaid.class).filter(e -> e.number().equals(invoice.number()))).hasSize(1);

        assertThat(invoicing.issue(draft)).isEqualTo(invoice);
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("21.00"));
    }

    @Test
    void issueAllIssuesEachDraftAsIssueWouldInTheOrderGivenWithConsecutiveNumbers() {
        CreatedTenant first = newTenant(api, "inv-batch-a");
        CreatedTenant second = newTenant(api, "inv-batch-b");
        CreatedTenant third = newTenant(api, "inv-batch-c");
        wallets.credit(first.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("40.00"), "topup-a", null));
        wallets.credit(second.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("40.00"), "topup-b", null));
        InvoiceDraft issuedBefore = subscription(third.id(), currency, "12.00").taxable(false);
        Invoice earlier = invoicing.issue(issuedBefore);
        InvoiceDraft paidA = subscription(first.id(), currency, "29.00").taxable(false).payingFromWallet();
        InvoiceDraft paidA2 = subscription(first.id(), currency, "11.00").taxable(false).payingFromWallet();
        InvoiceDraft open = subscription(second.id(), currency, "5.00").taxable(false);

        List<Invoice> issued = tx.execute(status -> invoicing.issueAll(List.of(paidA, issuedBefore, paidA2, open)));

        // In the order given; the draft issued before comes back as it was, without a new number or payment.
        assertThat(issued).extracting(Invoice::idempotencyKey).containsExactly(paidA.idempotencyKey(),
                issuedBefore.idempotencyKey(), paidA2.idempotencyKey(), open.idempotencyKey());
        assertThat(issued.get(1)).isEqualTo(earlier);
        long a = sequence(issued.get(0).number());
        assertThat(sequence(issued.get(2).number())).isEqualTo(a + 1);
        assertThat(sequence(issued.get(3).number())).isEqualTo(a + 2);
        // Each as stored, and each as issue() makes it: two payments from one wallet, in order, to exactly zero.
        for (Invoice invoice : issued) {
            assertThat(invoicing.require(invoice.number())).isEqualTo(invoice);
        }
        assertThat(issued.get(0).status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(issued.get(2).status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(issued.get(3).status()).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(wallets.transaction(first.id(), paidA.idempotencyKey()).orElseThrow().balanceAfter())
                .isEqualTo(money("11.00"));
        assertThat(wallets.transaction(first.id(), paidA2.idempotencyKey()).orElseThrow().balanceAfter())
                .isEqualTo(money("0.00"));
        assertThat(wallets.require(first.id()).balance()).isEqualTo(money("0.00"));
        assertThat(wallets.require(second.id()).balance()).isEqualTo(money("40.00"));
        assertThat(wallets.verifyAll()).isEmpty();
        assertThat(events.stream(InvoicePaid.class).filter(e -> e.tenantId().equals(first.id()))
                .map(InvoicePaid::number))
                .contains(issued.get(0).number(), issued.get(2).number())
                .doesNotContain(earlier.number(), issued.get(3).number())
                .doesNotHaveDuplicates();

        // Again: the same invoices, nothing new.
        List<Invoice> again = tx.execute(status -> invoicing.issueAll(List.of(paidA, issuedBefore, paidA2, open)));
        assertThat(again).isEqualTo(issued);
        assertThat(wallets.require(first.id()).balance()).isEqualTo(money("0.00"));
    }

    @Test
    void issueAllWithOneDraftTheWalletCannotPayIssuesNothingAndTakesNoNumber() {
        CreatedTenant rich = newTenant(api, "inv-batch-rich");
        CreatedTenant poor = newTenant(api, "inv-batch-poor");
        wallets.credit(rich.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("100.00"), "topup-r", null));
        wallets.credit(poor.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("10.00"), "topup-p", null));
        long richInvoices = invoiceCount(rich.id());
        long richAudits = auditCount(rich.id());
        InvoiceDraft richDraft = subscription(rich.id(), currency, "29.00").taxable(false).payingFromWallet();
        InvoiceDraft poorDraft = subscription(poor.id(), currency, "29.00").taxable(false).payingFromWallet();
        long before = sequence(invoicing.issue(subscription(rich.id(), currency, "1.00").taxable(false)).number());

        assertThatThrownBy(() -> tx.execute(status -> invoicing.issueAll(List.of(richDraft, poorDraft))))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
                    assertThat(p.properties()).containsEntry("balance", "10.00");
                });

        assertThat(invoicing.findByIdempotencyKey(rich.id(), richDraft.idempotencyKey())).isEmpty();
        assertThat(wallets.transaction(rich.id(), richDraft.idempotencyKey())).isEmpty();
        assertThat(wallets.require(rich.id()).balance()).isEqualTo(money("100.00"));
        assertThat(wallets.require(poor.id()).balance()).isEqualTo(money("10.00"));
        assertThat(invoiceCount(rich.id())).isEqualTo(richInvoices + 1);
        assertThat(auditCount(rich.id())).isEqualTo(richAudits + 1);
        // No number was used up: the next invoice follows the last one issued.
        assertThat(sequence(invoicing.issue(subscription(rich.id(), currency, "2.00").taxable(false)).number()))
                .isEqualTo(before + 1);
    }

    /** The running number of an invoice number such as INV-2026-00042. */
    private static long sequence(String number) {
        return Long.parseLong(number.substring(number.lastIndexOf('-') + 1));
    }

    @Test
    void concurrentIssuesWithOneKeyMakeOneInvoiceAndOnePayment() throws Exception {
        CreatedTenant tenant = newTenant(api, "inv-idem-race");
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("100.00"), "topup-1", null));
        InvoiceDraft draft = subscription(tenant.id(), currency, "30.00").taxable(false).payingFromWallet();

        List<Invoice> results = concurrently(8, () -> invoicing.issue(draft));

        assertThat(results).extracting(Invoice::number).containsOnly(results.get(0).number());
        assertThat(jdbc.sql("select count(*) from invoices where tenant_id = :t and idempotency_key = :k")
                .param("t", tenant.id().value()).param("k", draft.idempotencyKey()).query(Long.class).single())
                .isEqualTo(1);
        // 100.00 − one payment of 30.00.
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("70.00"));
    }

    @Test
    void concurrentRefundsNeverGiveBackMoreThanWasPaid() throws Exception {
        CreatedTenant tenant = newTenant(api, "inv-refund-race");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "50.00").taxable(false));
        invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.WIRE, null, null, null));
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

        // Ten refunds of 10.00 against 50.00 paid: exactly five can succeed.
        List<Object> outcomes = concurrently(10, () -> {
            try {
                return invoicing.refund(invoice.number(), new BigDecimal("10.00"), "Race",
                        "race-" + next.incrementAndGet());
            } catch (ProblemException e) {
                return e.kind();
            }
        });

        assertThat(outcomes).filteredOn(Invoice.class::isInstance).hasSize(5);
        assertThat(outcomes).filteredOn("refund-exceeds-paid"::equals).hasSize(5);
        assertThat(invoicing.require(invoice.number()).amountRefunded()).isEqualTo(money("50.00"));
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("50.00"));
        assertThat(wallets.verifyAll()).noneMatch(d -> d.tenantId().equals(tenant.id()));
    }

    @Test
    void walletPaidIssueThatTheWalletCannotCoverWritesNothing() {
        CreatedTenant tenant = newTenant(api, "inv-402");
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("10.00"), "topup-1", null));
        long invoices = invoiceCount(tenant.id());
        long audits = auditCount(tenant.id());
        InvoiceDraft draft = subscription(tenant.id(), currency, "29.00").taxable(false).payingFromWallet();

        assertThatThrownBy(() -> invoicing.issue(draft)).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED);
            assertThat(p.kind()).isEqualTo("insufficient-funds");
            assertThat(p.properties()).containsEntry("requiredAmount", "29.00").containsEntry("balance", "10.00");
        });

        assertThat(invoiceCount(tenant.id())).isEqualTo(invoices);
        assertThat(invoicing.findByIdempotencyKey(tenant.id(), draft.idempotencyKey())).isEmpty();
        assertThat(wallets.transaction(tenant.id(), draft.idempotencyKey())).isEmpty();
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("10.00"));
        assertThat(auditCount(tenant.id())).isEqualTo(audits);
    }

    @Test
    void settlesAnOpenInvoiceFromTheWallet() {
        CreatedTenant tenant = newTenant(api, "inv-settle");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "12.00").taxable(false));
        assertThatThrownBy(() -> invoicing.settleFromWallet(invoice.number()))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.PAYMENT_REQUIRED));
        assertThat(invoicing.require(invoice.number()).status()).isEqualTo(InvoiceStatus.ISSUED);

        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.MANUAL_CREDIT, new BigDecimal("20.00"), "gift",
                "Welcome credit"));
        Invoice paid = invoicing.settleFromWallet(invoice.number());

        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("8.00"));
        assertThat(wallets.transaction(tenant.id(), invoice.idempotencyKey()).orElseThrow().amount())
                .isEqualTo(money("-12.00"));
    }

    @Test
    void manualPaymentMarksTheInvoicePaidAndIsAudited() {
        CreatedTenant tenant = newTenant(api, "inv-manual");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "79.00").taxable(false));

        Invoice paid = invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.WIRE,
                "BANK-REF-7781", invoice.issueDate(), "Received on the company account"));

        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.amountPaid()).isEqualTo(money("79.00"));
        assertThat(paid.payments()).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("wire");
            assertThat(p.reference()).isEqualTo("BANK-REF-7781");
            assertThat(p.paidOn()).isEqualTo(invoice.issueDate());
            assertThat(p.amount()).isEqualTo(money("79.00"));
        });
        assertThat(auditTypes(invoice.number())).contains("saas.invoice.issued", "saas.invoice.marked_paid");
        assertThat(events.stream(InvoicePaid.class).filter(e -> e.number().equals(invoice.number())))
                .singleElement().satisfies(e -> assertThat(e.method()).isEqualTo("wire"));

        assertIllegal(() -> invoicing.markPaid(invoice.number(),
                new ManualPayment(ManualPayment.Method.CASH, null, null, null)), "paid", "paid");
        assertIllegal(() -> invoicing.cancel(invoice.number(), "Too late"), "paid", "cancelled");
    }

    @Test
    void cancellingVoidsTheInvoiceAndNothingMovesItAfterwards() {
        CreatedTenant tenant = newTenant(api, "inv-cancel");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "15.00").taxable(false));

        Invoice cancelled = invoicing.cancel(invoice.number(), "Issued to the wrong tenant");

        assertThat(cancelled.status()).isEqualTo(InvoiceStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo("Issued to the wrong tenant");
        assertThat(cancelled.cancelledAt()).isNotNull();
        assertThat(cancelled.amountDue()).isEqualTo(money("0.00"));
        assertThat(auditTypes(invoice.number())).contains("saas.invoice.cancelled");
        assertThat(events.stream(InvoiceCancelled.class).filter(e -> e.number().equals(invoice.number()))).hasSize(1);

        assertIllegal(() -> invoicing.markPaid(invoice.number(),
                new ManualPayment(ManualPayment.Method.WIRE, null, null, null)), "cancelled", "paid");
        assertIllegal(() -> invoicing.settleFromWallet(invoice.number()), "cancelled", "paid");
        assertIllegal(() -> invoicing.cancel(invoice.number(), "Again"), "cancelled", "cancelled");
        assertThat(invoicing.require(invoice.number())).isEqualTo(cancelled);
    }

    @Test
    void refundIssuesACreditNoteAndCreditsTheWalletAndRefusesMoreThanWasPaid() {
        CreatedTenant tenant = newTenant(api, "inv-refund", "DE");
        withSettings(api, Map.of("taxRates", list(taxRate("vat-de", "19", "DE", false))), () -> {
            // 100.00 + 19% = 119.00, paid by wire.
            Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "100.00"));
            assertThat(invoice.total()).isEqualTo(money("119.00"));
            invoicing.markPaid(invoice.number(), new ManualPayment(ManualPayment.Method.WIRE, "W-1", null, null));

            // 59.50 back: its tax share is 59.50 × 19.00 / 119.00 = 9.50, the net 50.00.
            Invoice creditNote = invoicing.refund(invoice.number(), new BigDecimal("59.50"), "Downgrade", "refund-1");

            assertThat(creditNote.type()).isEqualTo(InvoiceType.REFUND);
            assertThat(creditNote.isCreditNote()).isTrue();
            assertThat(creditNote.refersTo()).isEqualTo(invoice.number());
            assertThat(creditNote.number()).isNotEqualTo(invoice.number()).startsWith("INV-");
            assertThat(creditNote.total()).isEqualTo(money("-59.50"));
            assertThat(creditNote.taxTotal()).isEqualTo(money("-9.50"));
            assertThat(creditNote.subtotal()).isEqualTo(money("-50.00"));
            assertThat(creditNote.status()).isEqualTo(InvoiceStatus.PAID);
            WalletTransaction credit = wallets.transaction(tenant.id(), "refund-1").orElseThrow();
            assertThat(credit.type()).isEqualTo(LedgerType.REFUND);
            assertThat(credit.amount()).isEqualTo(money("59.50"));
            assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("59.50"));
            Invoice original = invoicing.require(invoice.number());
            assertThat(original.amountRefunded()).isEqualTo(money("59.50"));
            assertThat(original.refundable()).isEqualTo(money("59.50"));
            assertThat(original.status()).isEqualTo(InvoiceStatus.PAID);
            assertThat(events.stream(InvoiceRefunded.class).filter(e -> e.number().equals(invoice.number())))
                    .singleElement().satisfies(e -> assertThat(e.creditNoteNumber()).isEqualTo(creditNote.number()));

            // The same reference again is the same refund.
            assertThat(invoicing.refund(invoice.number(), new BigDecimal("59.50"), "Downgrade", "refund-1"))
                    .isEqualTo(creditNote);
            assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("59.50"));

            // 59.50 is left: one cent more is refused and changes nothing.
            long invoices = invoiceCount(tenant.id());
            assertThatThrownBy(() -> invoicing.refund(invoice.number(), new BigDecimal("59.51"), "Too much", "refund-2"))
                    .isInstanceOfSatisfying(ProblemException.class, p -> {
                        assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                        assertThat(p.kind()).isEqualTo("refund-exceeds-paid");
                        assertThat(p.properties()).containsEntry("refundable", "59.50");
                    });
            assertThat(invoiceCount(tenant.id())).isEqualTo(invoices);
            assertThat(wallets.transaction(tenant.id(), "refund-2")).isEmpty();

            // The rest is allowed, and then nothing more.
            invoicing.refund(invoice.number(), new BigDecimal("59.50"), "Cancelled contract", "refund-3");
            assertThat(invoicing.require(invoice.number()).amountRefunded()).isEqualTo(money("119.00"));
            assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("119.00"));
            assertThatThrownBy(() -> invoicing.refund(invoice.number(), new BigDecimal("0.01"), "More", "refund-4"))
                    .isInstanceOfSatisfying(ProblemException.class,
                            p -> assertThat(p.kind()).isEqualTo("refund-exceeds-paid"));
        });
    }

    @Test
    void onlyPaidInvoicesCanBeRefunded() {
        CreatedTenant tenant = newTenant(api, "inv-refund-open");
        Invoice open = invoicing.issue(subscription(tenant.id(), currency, "10.00").taxable(false));

        assertThatThrownBy(() -> invoicing.refund(open.number(), new BigDecimal("1.00"), "Goodwill", "r-1"))
                .isInstanceOfSatisfying(ProblemException.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
                    assertThat(p.kind()).isEqualTo("not-refundable");
                });
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("0.00"));
    }

    @Test
    void aRechargeAndEachManualMovementGetExactlyOnePaidInvoice() {
        CreatedTenant tenant = newTenant(api, "inv-ledger");
        LedgerRequest recharge = LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("40.00"), "pi_3Nabc", null)
                .withGateway("stripe");
        wallets.credit(tenant.id(), recharge);
        wallets.credit(tenant.id(), recharge);
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.MANUAL_CREDIT, new BigDecimal("5.00"), "crm-1",
                "Outage compensation"));
        wallets.debit(tenant.id(), LedgerRequest.of(LedgerType.MANUAL_DEBIT, new BigDecimal("2.50"), "crm-2",
                "Setup fee"));

        assertThat(invoiceCount(tenant.id())).isEqualTo(3);
        Invoice rechargeInvoice = invoicing.findByIdempotencyKey(tenant.id(), "pi_3Nabc").orElseThrow();
        assertThat(rechargeInvoice.type()).isEqualTo(InvoiceType.RECHARGE);
        assertThat(rechargeInvoice.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(rechargeInvoice.total()).isEqualTo(money("40.00"));
        assertThat(rechargeInvoice.taxLines()).isEmpty();
        assertThat(rechargeInvoice.payments()).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("gateway");
            assertThat(p.note()).isEqualTo("stripe");
        });
        Invoice credit = invoicing.findByIdempotencyKey(tenant.id(), "crm-1").orElseThrow();
        assertThat(credit.type()).isEqualTo(InvoiceType.ADJUSTMENT);
        assertThat(credit.total()).isEqualTo(money("-5.00"));
        assertThat(credit.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(credit.lines()).singleElement()
                .satisfies(l -> assertThat(l.description()).contains("Outage compensation"));
        Invoice debit = invoicing.findByIdempotencyKey(tenant.id(), "crm-2").orElseThrow();
        assertThat(debit.type()).isEqualTo(InvoiceType.ADJUSTMENT);
        assertThat(debit.total()).isEqualTo(money("2.50"));
        assertThat(debit.status()).isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void aRechargeInvoicedAtCheckoutIsPaidByTheRechargeInsteadOfInvoicedAgain() {
        CreatedTenant tenant = newTenant(api, "inv-checkout");
        Invoice checkout = invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.RECHARGE, currency, "cs_test_1",
                List.of(InvoiceDraft.Line.of("Wallet recharge", "40.00"))));
        assertThat(checkout.status()).isEqualTo(InvoiceStatus.ISSUED);

        assertThatThrownBy(() -> wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE,
                new BigDecimal("39.99"), "cs_test_1", null))).isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT));
        wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal("40.00"), "cs_test_1", null)
                .withGateway("stripe"));

        Invoice paid = invoicing.require(checkout.number());
        assertThat(paid.status()).isEqualTo(InvoiceStatus.PAID);
        assertThat(paid.payments()).singleElement().satisfies(p -> {
            assertThat(p.method()).isEqualTo("gateway");
            assertThat(p.walletTransactionId()).isEqualTo(wallets.transaction(tenant.id(), "cs_test_1")
                    .orElseThrow().id());
        });
        assertThat(invoiceCount(tenant.id())).isEqualTo(1);
        assertThat(wallets.require(tenant.id()).balance()).isEqualTo(money("40.00"));
    }

    @Test
    void aMovementWhoseReferenceIsAnotherInvoicesKeyIsRefusedWhole() {
        CreatedTenant tenant = newTenant(api, "inv-clash");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "10.00").taxable(false));

        assertThatThrownBy(() -> wallets.credit(tenant.id(), LedgerRequest.of(LedgerType.MANUAL_CREDIT,
                new BigDecimal("3.00"), invoice.idempotencyKey(), "Clashing reference")))
                .isInstanceOfSatisfying(ProblemException.class,
                        p -> assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT));

        assertThat(wallets.require(tenant.id()).transactions()).isZero();
        assertThat(invoiceCount(tenant.id())).isEqualTo(1);
    }

    @Test
    void marksIssuedInvoicesPastTheirDueDateOverdueOnce() {
        CreatedTenant tenant = newTenant(api, "inv-overdue");
        Invoice dueLater = invoicing.issue(subscription(tenant.id(), currency, "5.00").taxable(false));
        LocalDate today = dueLater.issueDate();
        Invoice dueToday = invoicing.issue(subscription(tenant.id(), currency, "6.00").taxable(false).dueOn(today));
        Invoice paid = invoicing.issue(subscription(tenant.id(), currency, "7.00").taxable(false).dueOn(today));
        invoicing.markPaid(paid.number(), new ManualPayment(ManualPayment.Method.CASH, null, null, null));

        List<Invoice> first = invoicing.markOverdue(today.plusDays(1));
        List<Invoice> again = invoicing.markOverdue(today.plusDays(1));

        assertThat(first).extracting(Invoice::number).contains(dueToday.number())
                .doesNotContain(dueLater.number(), paid.number());
        assertThat(again).extracting(Invoice::number).doesNotContain(dueToday.number());
        assertThat(invoicing.require(dueToday.number()).status()).isEqualTo(InvoiceStatus.OVERDUE);
        assertThat(invoicing.require(dueLater.number()).status()).isEqualTo(InvoiceStatus.ISSUED);
        assertThat(invoicing.open(tenant.id())).extracting(Invoice::number)
                .containsExactly(dueToday.number(), dueLater.number());
        assertThat(events.stream(InvoiceOverdue.class).filter(e -> e.number().equals(dueToday.number()))).hasSize(1);

        assertThat(invoicing.markPaid(dueToday.number(),
                new ManualPayment(ManualPayment.Method.CHECK, "CHK-1", null, null)).status())
                .isEqualTo(InvoiceStatus.PAID);
    }

    @Test
    void refusesDraftsThatAreNotValid() {
        CreatedTenant tenant = newTenant(api, "inv-bad");
        assertField(() -> invoicing.issue(subscription(tenant.id(), "XQZ", "1.00")), "currency");
        assertField(() -> invoicing.issue(subscription(tenant.id(), currency, "1.001")), "lines[0].unitPrice");
        assertField(() -> invoicing.issue(subscription(tenant.id(), currency, "-1.00")), "lines[0].unitPrice");
        assertField(() -> invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency, " ",
                List.of(InvoiceDraft.Line.of("x", "1.00")))), "idempotencyKey");
        assertField(() -> invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.SUBSCRIPTION, currency, "k",
                List.of())), "lines");
        assertField(() -> invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.RECHARGE, currency, "k",
                List.of(InvoiceDraft.Line.of("x", "0.00")))), "lines");
        assertField(() -> invoicing.issue(subscription(tenant.id(), currency, "1.00").referringTo("INV-1999-99999")),
                "refersTo");
        assertField(() -> invoicing.issue(InvoiceDraft.of(tenant.id(), InvoiceType.REFUND, currency, "k",
                List.of(InvoiceDraft.Line.of("x", "1.00")))), "type");
        assertField(() -> invoicing.issue(subscription(tenant.id(), currency, "1.00")
                .dueOn(LocalDate.of(2000, 1, 1))), "dueDate");
        assertThat(invoiceCount(tenant.id())).isZero();
    }

    @Test
    void theDatabaseKeepsAnIssuedInvoiceAsItWasIssued() {
        CreatedTenant tenant = newTenant(api, "inv-final");
        Invoice invoice = invoicing.issue(subscription(tenant.id(), currency, "10.00").taxable(false));

        assertThatThrownBy(() -> jdbc.sql("update invoices set total = 1, subtotal = 1 where id = :id")
                .param("id", invoice.id()).update()).rootCause().hasMessageContaining("cannot change");
        assertThatThrownBy(() -> jdbc.sql("delete from invoice_lines where invoice_id = :id")
                .param("id", invoice.id()).update()).rootCause().hasMessageContaining("append-only");
        assertThat(invoicing.require(invoice.number())).isEqualTo(invoice);
    }

    /** Runs the same call on as many threads at once and returns every result. */
    private static <T> List<T> concurrently(int threads, java.util.concurrent.Callable<T> call) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<java.util.concurrent.Future<T>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<T> future : futures) {
                results.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    private void assertIllegal(Runnable call, String current, String requested) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(p.kind()).isEqualTo("illegal-transition");
            assertThat(p.properties()).containsEntry("currentState", current).containsEntry("requestedState",
                    requested);
        });
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, p -> {
            assertThat(p.status()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(p.properties().get("errors")).asInstanceOf(
                    org.assertj.core.api.InstanceOfAssertFactories.MAP).containsKey(field);
        });
    }

    private Money money(String amount) {
        return Money.of(amount, currency);
    }

    private long invoiceCount(TenantId tenant) {
        return jdbc.sql("select count(*) from invoices where tenant_id = :t").param("t", tenant.value())
                .query(Long.class).single();
    }

    private long auditCount(TenantId tenant) {
        return jdbc.sql("select count(*) from audit_events where tenant_id = :t").param("t", tenant.value())
                .query(Long.class).single();
    }

    private List<String> auditTypes(String number) {
        return jdbc.sql("select event_type from audit_events where target = :n order by seq").param("n", number)
                .query(String.class).list();
    }
}
