package org.atrium.branding.web;

import org.atrium.branding.Brand;
import org.atrium.branding.BrandChange;
import org.atrium.branding.BrandImage;
import org.atrium.branding.BrandVersion;
import org.atrium.branding.Branding;
import org.atrium.platform.IfMatch;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.atrium.platform.web.RequestLogging;
import org.atrium.tenancy.Tenants;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** A tenant's brand for staff and the tenant's own API keys: read, replace, upload images, history. */
@RestController
@RequestMapping("/api/v1/tenants/{slug}/brand")
@Tag(name = "Branding")
class BrandController {

    private final Branding branding;
    private final Tenants tenants;

    BrandController(Branding branding, Tenants tenants) {
        this.branding = branding;
        this.tenants = tenants;
    }

    @GetMapping
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    ResponseEntity<Brand> get(@PathVariable String slug, HttpServletRequest request) {
        return tagged(branding.current(tenant(slug, request)));
    }

    @PutMapping
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Replace the brand's text and colours (a missing field clears it); needs custom_branding")
    ResponseEntity<Brand> update(@PathVariable String slug, @RequestBody BrandChange change,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return tagged(branding.update(tenant(slug, request), change, IfMatch.version(ifMatch)));
    }

    @PutMapping(path = "/{image:logo|favicon}", consumes = "*/*")
    @PreAuthorize("hasAuthority('tenants.manage')")
    @Operation(summary = "Upload the logo or favicon as the raw body: PNG or JPEG, at most 1 MB and 2000 × 2000 px")
    ResponseEntity<Brand> upload(@PathVariable String slug, @PathVariable String image, @RequestBody byte[] body,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return tagged(branding.uploadImage(tenant(slug, request), BrandImage.fromCode(image), body,
                IfMatch.version(ifMatch)));
    }

    @DeleteMapping("/{image:logo|favicon}")
    @PreAuthorize("hasAuthority('tenants.manage')")
    ResponseEntity<Brand> remove(@PathVariable String slug, @PathVariable String image,
            @RequestHeader(name = "If-Match", required = false) @Nullable String ifMatch,
            HttpServletRequest request) {
        return tagged(branding.removeImage(tenant(slug, request), BrandImage.fromCode(image),
                IfMatch.version(ifMatch)));
    }

    @GetMapping("/history")
    @PreAuthorize("hasAnyAuthority('tenants.read', 'tenants.manage')")
    PageResponse<BrandVersion> history(@PathVariable String slug, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, HttpServletRequest request) {
        return branding.history(tenant(slug, request), PageRequest.of(page, size));
    }

    private TenantId tenant(String slug, HttpServletRequest request) {
        request.setAttribute(RequestLogging.TENANT_ATTRIBUTE, slug);
        return tenants.requireBySlug(slug).id();
    }

    private static ResponseEntity<Brand> tagged(Brand brand) {
        return ResponseEntity.ok().eTag("\"" + brand.version() + "\"").body(brand);
    }
}
