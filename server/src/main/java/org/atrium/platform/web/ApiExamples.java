package org.atrium.platform.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An example body for every operation of the API that takes one, keyed by method and path as documented. */
final class ApiExamples {

    static final Map<String, Object> BODIES = new LinkedHashMap<>();

    static {
        String tenant = "/api/v1/tenants/{slug}";
        put("POST /api/v1/tenants", obj("slug", "acme-loans", "name", "Acme Loans", "plan", "starter", "adminEmail",
                "admin@acme.test"));
        put("PATCH " + tenant, obj("features", obj("borrowerSelfRegistration", true)));
        put("POST " + tenant + "/suspend", obj("reason", "KYC review"));
        put("POST " + tenant + "/activate", obj("reason", "KYC passed"));
        put("POST /api/v1/public/signup", obj("slug", "acme-loans", "name", "Acme Loans", "plan", "starter", "email",
                "admin@acme.test"));
        put("POST /api/v1/plans", obj("slug", "growth", "name", "Growth", "currency", "USD", "prices",
                obj("monthly", "79.00", "annual", "790.00"), "limits", obj("max_users", 25, "max_shipments", 5000),
                "features", obj("api_access", true), "trialDays", 14));
        put("PATCH /api/v1/plans/{slug}", obj("name", "Growth 2027", "prices", obj("monthly", "89.00")));
        put("POST /api/v1/metrics", obj("key", "max_shipments", "kind", "per_cycle", "description",
                "Shipments per billing period", "unit", "shipments"));
        put("PATCH /api/v1/settings", obj("taxRates", List.of(obj("code", "vat", "name", "VAT 20%", "rate", 20,
                "inclusive", false))));
        put("POST /api/v1/api-keys", obj("name", "lending backend", "permissions",
                List.of("entitlements.read", "usage.write", "tenants.read")));
        put("POST /api/v1/staff", obj("email", "ana@example.com", "name", "Ana Silva", "password",
                "a-long-enough-password", "role", "support"));
        put("POST /api/v1/staff/{id}/reset-password", obj("password", "another-long-password"));
        put("POST " + tenant + "/wallet/credits", obj("amount", "100.00", "reason", "Courtesy credit", "reference",
                "crm-4411"));
        put("POST " + tenant + "/wallet/debits", obj("amount", "20.00", "reason", "Duplicate credit reversed",
                "reference", "crm-4412"));
        put("POST /api/v1/usage", obj("tenant", "acme-loans", "metric", "max_shipments", "quantity", 1,
                "idempotencyKey", "ship-8812"));
        put("POST /api/v1/entitlements/check", obj("tenant", "acme-loans", "metric", "max_shipments", "quantity", 1,
                "consume", true));
        put("PUT " + tenant + "/overrides/{key}", obj("limit", 1000, "until", "2026-12-31", "reason",
                "Pilot of the bulk import"));
        put("PUT " + tenant + "/subscription", obj("plan", "growth"));
        put("POST " + tenant + "/subscription/cancel", obj("atPeriodEnd", true, "reason", "Moving to another product"));
        put("POST " + tenant + "/subscription/extend", obj("days", 7, "reason", "Compensation for the outage"));
        put("POST " + tenant + "/subscription/auto-renew", obj("enabled", false));
        put("POST /api/v1/sandbox/clock", obj("advanceDays", 15));
        put("POST /api/v1/invoices/{number}/payments", obj("method", "wire", "reference", "BANK-20261201-17",
                "paidOn", "2026-12-01", "note", "Received by transfer"));
        put("POST /api/v1/invoices/{number}/cancel", obj("reason", "Issued to the wrong tenant"));
        put("POST /api/v1/invoices/{number}/refund", obj("amount", "10.00", "reason", "Service credit",
                "reference", "refund-8813"));
        put("POST " + tenant + "/recharges", obj("amount", "50.00", "gateway", "stripe", "returnUrl",
                "/portal/wallet"));
        put("POST " + tenant + "/recharges/{reference}/refund", obj("amount", "20.00", "reason",
                "Asked by the customer", "reference", "crm-4415"));
        put("PUT " + tenant + "/payment-settings", obj("stripeSecretKey", "sk_live_…", "stripeWebhookSecret",
                "whsec_…"));
        put("PUT " + tenant + "/auto-top-up", obj("threshold", "20.00", "amount", "50.00", "enabled", true));
        put("POST " + tenant + "/auto-top-up/card-setup", obj("returnUrl", "/portal/wallet"));
        put("POST " + tenant + "/test-clock", obj("advanceDays", 30));
        put("POST /api/v1/feature-switches", obj("key", "bulkImport", "name", "Bulk import", "description",
                "Import shipments from a spreadsheet", "defaultValue", false, "tenantEditable", true));
        put("PATCH /api/v1/feature-switches/{key}", obj("defaultValue", true));
        put("POST " + tenant + "/impersonations", obj("reason", "Ticket 4411: invoice totals look wrong",
                "minutes", 15, "userId", "01938c6e-7b1a-7c3e-9f00-4d2a1b3c4d5e"));
        put("POST " + tenant + "/users/first-admin", obj("email", "admin@acme.test"));
        put("POST " + tenant + "/api-keys", obj("name", "loan backend", "scopes",
                List.of("invoices:read", "usage:write"), "expiresAt", "2027-06-01T00:00:00Z"));
        put("POST " + tenant + "/api-keys/{id}/rotate", obj("overlap", "PT24H"));
        for (String hooks : List.of(tenant + "/webhook-endpoints", "/api/v1/webhook-endpoints")) {
            put("POST " + hooks, obj("url", "https://product.example.com/atrium/webhooks", "eventTypes",
                    List.of("subscription.read_only", "subscription.renewed"), "description", "Product backend"));
            put("PATCH " + hooks + "/{id}", obj("enabled", true));
            put("POST " + hooks + "/{id}/rotate-secret", obj("overlap", "P1D"));
            put("POST " + hooks + "/{id}/replay", obj("failedSince", "2026-12-01T00:00:00Z"));
        }
    }

    private ApiExamples() {
    }

    private static void put(String operation, Map<String, Object> body) {
        BODIES.put(operation, body);
    }

    private static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
