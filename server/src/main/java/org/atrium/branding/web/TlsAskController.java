package org.atrium.branding.web;

import org.atrium.branding.CustomDomains;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Caddy's on-demand TLS asks here before it requests a certificate for a host: 200 only for a verified custom
 * domain of a tenant that is not deleted, 404 for anything else, answered from memory (see
 * {@code docs/Caddyfile.sample}). It reveals no more than the DNS records already do.
 */
@RestController
class TlsAskController {

    private final CustomDomains domains;

    TlsAskController(CustomDomains domains) {
        this.domains = domains;
    }

    @GetMapping(path = "/internal/tls/ask", produces = "text/plain")
    ResponseEntity<String> ask(@RequestParam(defaultValue = "") String domain) {
        return domains.verifiedTenant(domain).isPresent() ? ResponseEntity.ok("ok")
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body("unknown");
    }
}
