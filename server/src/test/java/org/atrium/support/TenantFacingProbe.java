package org.atrium.support;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tenant-facing routes that do nothing, for tests of what the enforcement filter lets through: under
 * {@code /api/v1/public/}, so that a request can name a tenant without a tenant login (which does not exist yet).
 */
@RestController
public class TenantFacingProbe {

    @GetMapping({ "/api/v1/public/probe", "/api/v1/public/billing/probe" })
    Map<String, String> read() {
        return Map.of("probe", "read");
    }

    @PostMapping({ "/api/v1/public/probe", "/api/v1/public/billing/probe" })
    Map<String, String> write() {
        return Map.of("probe", "written");
    }
}
