package org.atrium.billing.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.billing.Invoice;
import org.atrium.billing.InvoiceDraft;
import org.atrium.billing.InvoiceIssued;
import org.atrium.billing.InvoicePaid;
import org.atrium.billing.InvoicePayment;
import org.atrium.billing.internal.InvoicePricing.Checked;
import org.atrium.billing.internal.InvoicePricing.Prepared;
import org.atrium.operations.Settings;
import org.atrium.platform.Actor;
import org.atrium.platform.Ids;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The steps of issuing that every way of issuing shares: finding what was issued earlier under a key, pricing a
 * draft for its buyer, and numbering, writing, auditing and announcing new invoices (a batch of them in one
 * statement).
 */
@Component
class InvoiceIssuing {

    private final Invoices invoices;
    private final InvoiceKeys keys;
    private final InvoiceNumbers numbers;
    private final Tenants tenants;
    private final Settings settings;
    private final Clock clock;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;

    InvoiceIssuing(Invoices invoices, InvoiceKeys keys, InvoiceNumbers numbers, Tenants tenants, Settings settings, Clock clock,
            AuditLog audit, ApplicationEventPublisher events) {
        this.invoices = invoices;
        this.keys = keys;
        this.numbers = numbers;
        this.tenants = tenants;
        this.settings = settings;
        this.clock = clock;
        this.audit = audit;
        this.events = events;
    }

    /**
     * The invoices issued earlier under the keys of a batch, by {@link Invoices#keyOf}, with the keys locked: the
     * invoice when the draft is the same, a 409 when it says something else.
     */
    Map<String, Invoice> earlier(List<InvoiceDraft> drafts, List<Checked> checked) {
        Map<String, String> stored = keys.lock(drafts.stream().map(InvoiceDraft::tenantId).toList(),
                checked.stream().map(Checked::key).toList());
        if (stored.isEmpty()) {
            return Map.of();
        }
        Map<String, Invoice> found = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            String key = InvoiceKeys.keyOf(drafts.get(i).tenantId(), checked.get(i).key());
            if (stored.containsKey(key)) {
                found.put(key, sameOrConflict(drafts.get(i).tenantId(), checked.get(i).key(),
                        checked.get(i).fingerprint(), stored.get(key)));
            }
        }
        return found;
    }

    /** The invoice issued earlier under one key, with the key locked; a 409 when it was for something else. */
    Optional<Invoice> earlier(TenantId tenant, String key, String fingerprint) {
        String stored = keys.lock(List.of(tenant), List.of(key)).get(InvoiceKeys.keyOf(tenant, key));
        return stored == null ? Optional.empty() : Optional.of(sameOrConflict(tenant, key, fingerprint, stored));
    }

    private Invoice sameOrConflict(TenantId tenant, String key, String fingerprint, String storedFingerprint) {
        Invoice invoice = invoices.findByKey(tenant, key).orElseThrow();
        if (!storedFingerprint.equals(fingerprint)) {
            Map<String, Object> members = new LinkedHashMap<>();
            members.put("idempotencyKey", key);
            if (invoice.number() != null) {
                members.put("number", invoice.number());
            }
            throw new ProblemException(HttpStatus.CONFLICT, "idempotency-conflict",
                    "Idempotency key '%s' was already used for invoice %s, which says something else"
                            .formatted(key, invoice.number()),
                    members);
        }
        return invoice;
    }

    /** The buyers of a batch, read with one query. */
    Map<TenantId, Tenant> buyers(List<InvoiceDraft> drafts) {
        return tenants.findAll(drafts.stream().map(InvoiceDraft::tenantId).distinct().toList());
    }

    /** A checked draft priced for its buyer (404 when there is no such tenant), dated {@code now}. */
    Prepared prepare(InvoiceDraft draft, Checked checked, @Nullable Tenant buyer, Instant now) {
        if (buyer == null) {
            throw ProblemException.notFound("Tenant", draft.tenantId().toString());
        }
        return InvoicePricing.price(draft, checked, Ids.newId(clock), buyer, settings.current(), now,
                number -> invoices.findByNumber(number).filter(i -> i.tenantId().equals(buyer.id())).isPresent());
    }

    /**
     * Numbers, issues and writes priced drafts, each paid by its settlement when it has one: one statement for all
     * of them. A settled invoice is written paid; the audit log still shows it issued, then paid, and both events
     * are published, as when an open invoice is paid later. The numbers are taken last: the counter row stays locked
     * until commit, so nothing slow may follow it.
     */
    List<Invoice> write(List<Prepared> prepared, List<WalletPayments.@Nullable Settlement> settlements,
            Map<TenantId, Tenant> buyers, Instant now) {
        if (prepared.isEmpty()) {
            return List.of();
        }
        Map<String, List<Prepared>> bySeries = new LinkedHashMap<>();
        for (Prepared p : prepared) {
            bySeries.computeIfAbsent(p.prefix() + "|" + p.draft().issueDate().getYear(), k -> new ArrayList<>())
                    .add(p);
        }
        Map<UUID, String> numbered = new HashMap<>();
        bySeries.values().forEach(series -> {
            Prepared first = series.get(0);
            List<String> block = numbers.next(first.prefix(), first.draft().issueDate().getYear(), series.size());
            for (int i = 0; i < series.size(); i++) {
                numbered.put(series.get(i).draft().id(), block.get(i));
            }
        });
        String createdBy = Actor.current().id();
        List<Invoices.New> rows = new ArrayList<>(prepared.size());
        List<Invoice.Changed<InvoiceIssued>> issued = new ArrayList<>(prepared.size());
        List<Invoice.@Nullable Changed<InvoicePaid>> paid = new ArrayList<>(prepared.size());
        for (int i = 0; i < prepared.size(); i++) {
            Invoice draft = prepared.get(i).draft();
            String slug = buyers.get(draft.tenantId()).slug();
            Invoice.Changed<InvoiceIssued> issue = draft.issue(numbered.get(draft.id()), slug, now);
            WalletPayments.Settlement s = settlements.get(i);
            Invoice.Changed<InvoicePaid> settle = s == null ? null
                    : issue.invoice().settle(new InvoicePayment(Ids.newId(clock), s.method().code(), draft.total(),
                            s.reference(), draft.issueDate(), s.note(), s.walletTransactionId(), createdBy, now), slug);
            issued.add(issue);
            paid.add(settle);
            rows.add(new Invoices.New(settle == null ? issue.invoice() : settle.invoice(),
                    prepared.get(i).fingerprint()));
        }
        invoices.insertAll(rows, createdBy, now);
        for (int i = 0; i < prepared.size(); i++) {
            Invoice open = issued.get(i).invoice();
            audit.record(AuditEntry.of("saas.invoice.issued", open.tenantId(), open.number(), null, open));
            events.publishEvent(issued.get(i).event());
            Invoice.Changed<InvoicePaid> settle = paid.get(i);
            if (settle != null) {
                audit.record(AuditEntry.of("saas.invoice.paid", open.tenantId(), open.number(), open,
                        settle.invoice()));
                events.publishEvent(settle.event());
            }
        }
        return rows.stream().map(Invoices.New::invoice).toList();
    }
}
