package org.atrium.branding.web;

import java.time.Duration;
import java.util.UUID;

import org.atrium.branding.Branding;
import org.atrium.platform.TenantId;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Brand images and stylesheets, public (the sign-in page shows them) and content-addressed: the hash in the URL is
 * the content's, so a URL's answer never changes and may be cached for a year; a changed brand has new URLs.
 */
@RestController
class BrandAssetController {

    private static final CacheControl FOREVER = CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final Branding branding;

    BrandAssetController(Branding branding) {
        this.branding = branding;
    }

    @GetMapping("/brand/{tenant:[0-9a-f-]{36}}/{hash:[0-9a-f]{64}}")
    ResponseEntity<byte[]> image(@PathVariable UUID tenant, @PathVariable String hash) {
        return branding.asset(new TenantId(tenant), hash)
                .map(asset -> ResponseEntity.ok().cacheControl(FOREVER).eTag("\"" + hash + "\"")
                        .contentType(MediaType.parseMediaType(asset.contentType()))
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Content-Security-Policy", "default-src 'none'")
                        .body(asset.content()))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    @GetMapping("/brand/{tenant:[0-9a-f-]{36}}/brand-{hash:[0-9a-f]{16}}.css")
    ResponseEntity<String> stylesheet(@PathVariable UUID tenant, @PathVariable String hash) {
        return branding.stylesheet(new TenantId(tenant), hash)
                .map(css -> ResponseEntity.ok().cacheControl(FOREVER).eTag("\"" + hash + "\"")
                        .contentType(MediaType.valueOf("text/css;charset=UTF-8"))
                        .header("X-Content-Type-Options", "nosniff").body(css))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }
}
