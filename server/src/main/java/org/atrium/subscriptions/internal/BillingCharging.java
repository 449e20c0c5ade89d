package org.atrium.subscriptions.internal;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceQuery;
import org.atrium.billing.InvoiceStatus;
import org.atrium.billing.InvoiceType;
import org.atrium.billing.Invoicing;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.TenantId;
import org.atrium.wallet.Wallets;
import org.springframework.stereotype.Component;

/** {@link Charging} through the billing and wallet modules' APIs. */
@Component
class BillingCharging implements Charging {

    private static final Map<String, String> BY_DUE = Map.of("dueDate", "due_date", "issuedAt", "issued_at");

    private final Invoicing invoicing;
    private final Wallets wallets;

    BillingCharging(Invoicing invoicing, Wallets wallets) {
        this.invoicing = invoicing;
        this.wallets = wallets;
    }

    @Override
    public Money walletBalance(TenantId tenant) {
        return wallets.require(tenant).balance();
    }

    @Override
    public Map<TenantId, Money> lockWallets(Collection<TenantId> tenants) {
        Map<TenantId, Money> balances = new java.util.HashMap<>();
        wallets.lockAll(tenants).forEach((tenant, wallet) -> balances.put(tenant, wallet.balance()));
        return balances;
    }

    @Override
    public List<String> chargeWalletAll(List<Billed> charges) {
        return invoicing.issueAll(charges.stream().map(b -> draft(b.tenant(), b.charge()).payingFromWallet()).toList())
                .stream().map(Invoice::number).toList();
    }

    @Override
    public Money totalOf(TenantId tenant, Charge charge) {
        return invoicing.totalOf(draft(tenant, charge));
    }

    @Override
    public Money totalOf(org.atrium.tenancy.Tenant tenant, Charge charge) {
        return invoicing.totalOf(draft(tenant.id(), charge), tenant);
    }

    @Override
    public String chargeWallet(TenantId tenant, Charge charge) {
        return invoicing.issue(draft(tenant, charge).payingFromWallet()).number();
    }

    @Override
    public String invoice(TenantId tenant, Charge charge, LocalDate dueDate) {
        return invoicing.issue(draft(tenant, charge).dueOn(dueDate)).number();
    }

    @Override
    public Optional<OpenInvoice> openInvoice(String number) {
        return invoicing.find(number).filter(i -> i.status().isOpen())
                .map(i -> new OpenInvoice(number, i.amountDue(), i.status().code()));
    }

    @Override
    public void cancel(String number, String reason) {
        if (invoicing.find(number).filter(i -> i.status().isOpen()).isPresent()) {
            invoicing.cancel(number, reason);
        }
    }

    @Override
    public void settleFromWallet(String number) {
        invoicing.settleFromWallet(number);
    }

    @Override
    public List<PeriodInvoice> subscriptionInvoices(TenantId tenant, List<String> numbers) {
        List<PeriodInvoice> found = new java.util.ArrayList<>(numbers.size());
        for (String number : numbers) {
            invoicing.find(number).filter(i -> i.tenantId().equals(tenant) && i.type() == InvoiceType.SUBSCRIPTION)
                    .ifPresent(i -> found.add(new PeriodInvoice(number, i.subtotal(),
                            i.amountPaid().minus(i.amountRefunded()), i.refundable(), i.status().isOpen(),
                            i.dueDate())));
        }
        return found;
    }

    @Override
    public void creditNote(TenantId tenant, String againstInvoice, Money amount, String reason, String reference) {
        invoicing.refund(againstInvoice, amount.amount(), reason, reference);
    }

    @Override
    public List<OverdueInvoice> markOverdue(LocalDate today) {
        invoicing.markOverdue(today);
        return overdue(today);
    }

    @Override
    public List<OverdueInvoice> markOverdue(TenantId tenant, LocalDate today) {
        invoicing.markOverdue(tenant, today);
        return invoicing.open(tenant).stream()
                .filter(i -> i.status() == InvoiceStatus.OVERDUE && i.dueDate() != null && i.dueDate().isBefore(today))
                .map(i -> new OverdueInvoice(i.tenantId(), i.number(), i.dueDate(), i.amountDue())).toList();
    }

    @Override
    public List<OverdueInvoice> overdue(LocalDate today) {
        List<OverdueInvoice> all = new java.util.ArrayList<>();
        for (int page = 0;; page++) {
            var batch = invoicing.list(new InvoiceQuery(null, InvoiceStatus.OVERDUE, null),
                    PageRequest.of(page, PageRequest.MAX_SIZE, "dueDate,asc", BY_DUE, "dueDate,asc"));
            batch.items().stream().filter(i -> i.dueDate() != null && i.dueDate().isBefore(today))
                    .map(i -> new OverdueInvoice(i.tenantId(), i.number(), i.dueDate(), i.amountDue()))
                    .forEach(all::add);
            if ((long) (page + 1) * PageRequest.MAX_SIZE >= batch.totalItems()) {
                return all;
            }
        }
    }

    private static InvoiceDraft draft(TenantId tenant, Charge charge) {
        List<InvoiceDraft.Line> lines = charge.lines().stream()
                // Invoices show the service period with its last day included.
                .map(l -> new InvoiceDraft.Line(l.description(), java.math.BigDecimal.ONE, l.amount().amount(),
                        l.from(), l.to() == null ? null : l.to().minusDays(1)))
                .toList();
        String currency = charge.lines().get(0).amount().currencyCode();
        return InvoiceDraft.of(tenant, InvoiceType.SUBSCRIPTION, currency, charge.idempotencyKey(), lines);
    }
}
