package org.atrium.subscriptions.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.atrium.platform.PageResponse;
import org.atrium.platform.web.RequestLogging;
import org.atrium.subscriptions.LifecycleAction;
import org.atrium.subscriptions.ProrationQuote;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionChange;
import org.atrium.subscriptions.internal.LifecycleRuns;
import org.atrium.subscriptions.internal.SubscriptionManagement;
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
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Subscriptions")
class SubscriptionController {

    private final SubscriptionManagement management;
    private final LifecycleRuns runs;

    SubscriptionController(SubscriptionManagement management, LifecycleRuns runs) {
        this.management = management;
        this.runs = runs;
    }

    record Cancel(Boolean atPeriodEnd, String reason) {
    }

    record Extend(Integer days, String reason) {
    }

    record AutoRenew(Boolean enabled) {
    }

    record ClockChange(Integer advanceDays, Instant to) {
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
    Subscription change(@PathVariable String slug, @RequestBody SubscriptionChange change, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return management.change(slug, change);
    }

    @GetMapping("/api/v1/tenants/{slug}/subscription/preview-change")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    @Operation(summary = "What a plan change would charge or credit now and when the resulting period ends, computed as PUT …/subscription would carry it out; effective as there")
    ProrationQuote preview(@PathVariable String slug, @RequestParam String plan,
            @RequestParam(required = false) String cycle, @RequestParam(required = false) String effective) {
        return management.preview(slug, plan, cycle, effective);
    }

    @GetMapping("/api/v1/tenants/{slug}/subscription/history")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'saas.subscriptions.manage')")
    PageResponse<Map<String, Object>> history(@PathVariable String slug) {
        List<Map<String, Object>> items = management.history(slug);
        return new PageResponse<>(items, 0, items.size(), items.size());
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
    PageResponse<LifecycleAction> run(@RequestParam(defaultValue = "false") boolean dryRun) {
        List<LifecycleAction> actions = runs.run(dryRun);
        return new PageResponse<>(actions, 0, actions.size(), actions.size());
    }

    @GetMapping("/api/v1/sandbox/clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    Map<String, Object> clock() {
        return runs.clock();
    }

    @PostMapping("/api/v1/sandbox/clock")
    @PreAuthorize("hasAuthority('settings.manage')")
    @Operation(summary = "Sandbox only: move the clock forward by advanceDays or to an instant, running the lifecycle for every day passed")
    Map<String, Object> travel(@RequestBody ClockChange body) {
        return runs.travel(body.advanceDays(), body.to());
    }
}
