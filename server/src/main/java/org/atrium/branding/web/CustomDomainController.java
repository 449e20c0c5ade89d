package org.atrium.branding.web;

import java.util.List;
import java.util.Map;

import org.atrium.branding.CustomDomain;
import org.atrium.branding.CustomDomains;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenants;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** A tenant's custom domains for staff and the tenant's API keys. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/domains")
@Tag(name = "Custom domains")
class CustomDomainController {

    /** The body of {@code POST …/domains}. */
    record NewDomain(String domain) {
    }

    private final CustomDomains domains;
    private final Tenants tenants;

    CustomDomainController(CustomDomains domains, Tenants tenants) {
        this.domains = domains;
        this.tenants = tenants;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    PageResponse<CustomDomain> list(@PathVariable String slug, HttpServletRequest request) {
        List<CustomDomain> all = domains.list(tenant(slug, request));
        return new PageResponse<>(all, 0, Math.max(all.size(), 1), all.size());
    }

    @PostMapping
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a custom domain (pending); the answer lists the DNS records that verify it")
    CustomDomain add(@PathVariable String slug, @RequestBody NewDomain body, HttpServletRequest request) {
        if (body.domain() == null) {
            throw ProblemException.badRequest("validation", "domain is required", Map.of("domain", "required"));
        }
        return domains.add(tenant(slug, request), body.domain());
    }

    @PostMapping("/{domain}/verify")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Look the domain's CNAME and TXT records up now; 422 domain-not-verified names what is missing")
    CustomDomain verify(@PathVariable String slug, @PathVariable String domain, HttpServletRequest request) {
        return domains.verify(tenant(slug, request), domain);
    }

    @DeleteMapping("/{domain}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@PathVariable String slug, @PathVariable String domain, HttpServletRequest request) {
        domains.remove(tenant(slug, request), domain);
    }

    private TenantId tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug).id();
    }
}
