package org.atrium.catalog.web;

import org.atrium.catalog.Catalog;
import org.atrium.catalog.Metric;
import org.atrium.catalog.Plan;
import org.atrium.catalog.PlanDefinition;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Plans")
class PlanController {

    private final Catalog catalog;

    PlanController(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/plans")
    @PreAuthorize("hasAnyAuthority('saas.plans.manage', 'tenants.read', 'tenants.manage')")
    PageResponse<PlanView> list(@RequestParam(required = false) Boolean active,
            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(catalog.plans(active).stream().map(PlanView::of).toList());
    }

    @GetMapping("/api/v1/public/plans")
    @Operation(summary = "The public pricing: active plans in display order (no authentication)")
    PageResponse<PlanView> pricing(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(catalog.plans(true).stream().map(PlanView::of).toList());
    }

    @PostMapping("/api/v1/plans")
    @PreAuthorize("hasAuthority('saas.plans.manage')")
    @ResponseStatus(HttpStatus.CREATED)
    PlanView create(@RequestBody PlanDefinition definition) {
        return PlanView.of(catalog.create(definition));
    }

    @GetMapping("/api/v1/plans/{slug}")
    @PreAuthorize("hasAnyAuthority('saas.plans.manage', 'tenants.read', 'tenants.manage')")
    ResponseEntity<PlanView> get(@PathVariable String slug) {
        Plan plan = catalog.requirePlan(slug);
        return ResponseEntity.ok().eTag("\"" + plan.version() + "\"").body(PlanView.of(plan));
    }

    @PatchMapping(path = "/api/v1/plans/{slug}", consumes = { "application/json", "application/merge-patch+json" })
    @PreAuthorize("hasAuthority('saas.plans.manage')")
    @Operation(summary = "Change a plan with a JSON merge patch (null removes a limit, feature or price); slug and currency are immutable")
    ResponseEntity<PlanView> update(@PathVariable String slug, @RequestBody String patch,
            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        Plan plan = catalog.update(slug, patch, org.atrium.platform.IfMatch.version(ifMatch));
        return ResponseEntity.ok().eTag("\"" + plan.version() + "\"").body(PlanView.of(plan));
    }

    @PostMapping("/api/v1/plans/{slug}/activate")
    @PreAuthorize("hasAuthority('saas.plans.manage')")
    PlanView activate(@PathVariable String slug) {
        return PlanView.of(catalog.activate(slug));
    }

    @PostMapping("/api/v1/plans/{slug}/deactivate")
    @PreAuthorize("hasAuthority('saas.plans.manage')")
    PlanView deactivate(@PathVariable String slug) {
        return PlanView.of(catalog.deactivate(slug));
    }

    @GetMapping("/api/v1/metrics")
    @PreAuthorize("hasAnyAuthority('saas.plans.manage', 'tenants.read', 'tenants.manage')")
    PageResponse<Metric> metrics(@RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        PageRequest paging = PageRequest.of(page, size);
        return paging.slice(catalog.metrics());
    }

    @PostMapping("/api/v1/metrics")
    @PreAuthorize("hasAuthority('saas.plans.manage')")
    @ResponseStatus(HttpStatus.CREATED)
    Metric defineMetric(@RequestBody Metric metric) {
        return catalog.defineMetric(metric);
    }
}
