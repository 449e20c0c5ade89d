package org.atrium.subscriptions.web;


import org.atrium.billing.Invoice;
import org.atrium.billing.Invoicing;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.web.RequestLogging;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.LifecycleRuns;
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionChange;
import org.atrium.subscriptions.EffectiveWhen;
import org.atrium.subscriptions.SubscriptionHistoryEntry;
import org.atrium.subscriptions.SubscriptionManagement;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@RestController
@Tag(name = "Subscriptions")
class SubscriptionController {

    private final SubscriptionManagement management;
    private final LifecycleRuns runs;

    private final Invoicing invoicing;
    private final Wallets wallets;
    private final ObjectMapper json;

    SubscriptionController(SubscriptionManagement management, LifecycleRuns runs, Invoicing invoicing,
            Wallets wallets, ObjectMapper json) {
        this.wallets = wallets;
        this.management = management;
        this.runs = runs;
        this.invoicing = invoicing;
        this.json = json;
    }

    record Cancel(Boolean atPeriodEnd, String reason) {
    }

    record Extend(Integer days, String reason) {
    }

    record AutoRenew(Boolean enabled) {
    }

    @GetMapping("/api/v1/tenants/{slug}/subscription")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    Subscription get(@PathVariable String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return management.get(slug);
    }

    @PutMapping("/api/v1/tenants/{slug}/subscription")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    @Operation(summary = "Assign a plan (new period today, paid from the wallet or invoiced), or change plan: upgrades now with proration, downgrades at period end unless effective=now; a change of cycle now starts a new period, crediting the unused part of what was paid")
    ChangedSubscription change(@PathVariable String slug, @RequestBody SubscriptionChange change,
            HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        SubscriptionManagement.ReportedChange reported = management.changeAndReport(slug, change);
        return new ChangedSubscription(reported.subscription(), outcome(reported));
    }

    /** The subscription after a change, with what the change did: the invoice it issued and what it moved. */
    record ChangedSubscription(@JsonUnwrapped Subscription subscription, Outcome change) {
    }

    /**
     * @param kind     what happened: {@code upgraded}, {@code downgraded}, {@code downgrade_scheduled},
     *                 {@code cycle_changed}, {@code assigned}, {@code trial_plan_changed}, {@code downgrade_cancelled}, or {@code unchanged}
     * @param invoice  the invoice the change issued, if it issued one
     * @param charged  what the invoice charged (tax included), when it was paid at once
     * @param due      what the invoice asks for (tax included), when it was left open to be paid by transfer
     * @param credited what was credited back for unused time, if anything
     */
    record Outcome(String kind, @Nullable String invoice, @Nullable String charged, @Nullable String due,
            @Nullable String credited, @Nullable String currency) {
    }

    private Outcome outcome(SubscriptionManagement.ReportedChange reported) {
        SubscriptionHistoryEntry entry = reported.history();
        if (entry == null) {
            return new Outcome("unchanged", null, null, null, null, null);
        }
        String kind = entry.event().code();
        JsonNode details = entry.details() == null ? json.createObjectNode() : json.readTree(entry.details());
        String number = text(details, "invoice");
        String charged = null;
        String due = null;
        String currency = null;
        if (number != null) {
            Invoice invoice = invoicing.require(number);
            if (invoice.total().isPositive()) {
                if (invoice.status().isOpen()) {
                    due = invoice.total().toPlainString();
                } else {
                    charged = invoice.total().toPlainString();
                }
            }
            currency = invoice.currency();
        }
        String credited = text(details, "credited");
        if (credited != null && new java.math.BigDecimal(credited).signum() == 0) {
            credited = null;
        }
        if (currency == null && credited != null) {
            currency = wallets.require(reported.subscription().tenantId()).balance().currencyCode();
        }
        return new Outcome(kind, number, charged, due, credited, currency);
    }

    private static @Nullable String text(JsonNode details, String field) {
        JsonNode value = details.get(field);
        return value == null || value.isNull() || value.asString().isEmpty() ? null : value.asString();
    }

    @GetMapping("/api/v1/tenants/{slug}/subscription/preview-change")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    @Operation(summary = "What a plan change would charge or credit now and when the resulting period ends, computed as PUT …/subscription would carry it out; effective as there")
    ProrationQuote preview(@PathVariable String slug, @RequestParam String plan,
            @RequestParam(required = false) String cycle, @RequestParam(required = false) String effective) {
        EffectiveWhen when = null;
        if (effective != null) {
            try {
                when = EffectiveWhen.fromCode(effective);
            } catch (IllegalArgumentException e) {
                throw org.atrium.platform.ProblemException.invalidField("effective", e.getMessage());
            }
        }
        return management.preview(slug, plan, cycle, when);
    }

    @GetMapping("/api/v1/tenants/{slug}/subscription/history")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    PageResponse<SubscriptionHistoryEntry> history(@PathVariable String slug,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(management.history(slug));
    }

    @PostMapping("/api/v1/tenants/{slug}/subscription/cancel")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    Subscription cancel(@PathVariable String slug, @RequestBody Cancel body) {
        return management.cancel(slug, Boolean.TRUE.equals(body.atPeriodEnd()), body.reason());
    }

    @PostMapping("/api/v1/tenants/{slug}/subscription/reactivate")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    Subscription reactivate(@PathVariable String slug) {
        return management.reactivate(slug);
    }

    @PostMapping("/api/v1/tenants/{slug}/subscription/extend")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    Subscription extend(@PathVariable String slug, @RequestBody Extend body) {
        if (body.days() == null) {
            throw org.atrium.platform.ProblemException.invalidField("days", "is required");
        }
        return management.extend(slug, body.days(), body.reason());
    }

    @PostMapping("/api/v1/tenants/{slug}/subscription/auto-renew")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    Subscription autoRenew(@PathVariable String slug, @RequestBody AutoRenew body) {
        if (body.enabled() == null) {
            throw org.atrium.platform.ProblemException.invalidField("enabled", "is required");
        }
        return management.autoRenew(slug, body.enabled());
    }

    @PostMapping("/api/v1/lifecycle/run")
    @PreAuthorize("hasAuthority('saas.subscriptions.manage')")
    @Operation(summary = "Run the daily lifecycle now; with dryRun=true, report what would happen without changing anything")
    PageResponse<LifecycleAction> run(@RequestParam(defaultValue = "false") boolean dryRun,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        // The report of a run that has happened cannot be asked for again: by default as much of it as a page holds.
        PageRequest paging = PageRequest.of(page, size, PageRequest.MAX_SIZE);
        return paging.slice(runs.run(dryRun));
    }
}
