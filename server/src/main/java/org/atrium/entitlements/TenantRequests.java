package org.atrium.entitlements;

import java.util.Map;

import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Holds one request made on a tenant's behalf to the tenant's status and request limits, the same rules the
 * enforcement filter applies to the portal's routes: a suspended tenant is refused (403 {@code tenant-suspended}), a
 * read-only, cancelled or expired one may read but not write (403 {@code subscription-read-only}), and every admitted
 * request counts toward the plan's {@code api_calls_daily} and the per-tenant rate limit (429 with
 * {@code Retry-After} when used up). For callers that authenticate a tenant by other means than the tenant-facing
 * paths, such as tenant API keys.
 */
public interface TenantRequests {

    /**
     * The answer for one request.
     *
     * @param headers what the response must carry whatever the outcome ({@code RateLimit-*}, {@code Atrium-Warning})
     * @param refusal the problem to answer with instead of serving the request; null when admitted
     */
    record Admission(Map<String, String> headers, @Nullable ProblemException refusal) {

        public boolean admitted() {
            return refusal == null;
        }
    }

    /**
     * Decides one request. A refused request is not counted toward the limits, except a 429 (which was counted as
     * the request that found the bucket empty).
     *
     * @param write whether the request changes data
     */
    Admission admit(TenantId tenant, String slug, boolean write);
}
