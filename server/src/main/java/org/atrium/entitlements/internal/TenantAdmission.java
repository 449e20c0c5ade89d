package org.atrium.entitlements.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.entitlements.TenantRequests;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.TenantStatus;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The status and rate rules of one tenant-facing request, shared by the enforcement filter (portal and public routes)
 * and by callers that authenticate a tenant themselves (tenant API keys).
 */
@Component
class TenantAdmission implements TenantRequests {

    private final EntitlementService entitlements;
    private final RateLimiter rateLimiter;

    TenantAdmission(EntitlementService entitlements, RateLimiter rateLimiter) {
        this.entitlements = entitlements;
        this.rateLimiter = rateLimiter;
    }

    @Override
    public Admission admit(TenantId tenant, String slug, boolean write) {
        return admit(tenant, slug, write, false);
    }

    /** @param openWhileSuspended whether the route stays open to a suspended tenant (billing, recharge, logout) */
    Admission admit(TenantId tenant, String slug, boolean write, boolean openWhileSuspended) {
        TenantRules rules = entitlements.rules(tenant);
        if (rules.status() == TenantStatus.SUSPENDED && !openWhileSuspended) {
            return new Admission(Map.of(), EntitlementService.suspended(rules));
        }
        if (write && !rules.status().writeAllowed()) {
            return new Admission(Map.of(), EntitlementService.readOnly(rules));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (rules.status() == TenantStatus.GRACE_PERIOD) {
            headers.put("Atrium-Warning", "grace_period");
        }
        long daily = rules.limit("api_calls_daily").orElse(-1L);
        RateLimiter.Decision decision = rateLimiter.tryConsume(tenant, daily, rules.zone());
        headers.put("RateLimit-Limit", String.valueOf(decision.limit()));
        headers.put("RateLimit-Remaining", String.valueOf(decision.remaining()));
        headers.put("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
        if (decision.allowed()) {
            return new Admission(Map.copyOf(headers), null);
        }
        String retryAfter = String.valueOf(decision.retryAfterSeconds());
        return new Admission(Map.copyOf(headers), new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "Tenant %s has used its requests for now; retry in %s seconds".formatted(slug, retryAfter),
                Map.of("tenant", slug, "limit", decision.limit(), "retryAfterSeconds", decision.retryAfterSeconds()),
                Map.of("Retry-After", retryAfter)));
    }
}
