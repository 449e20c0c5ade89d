package org.atrium.billing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;

import tools.jackson.databind.JsonNode;

/** Tenants under unique slugs, drafts that read like the business, and settings changed for one test. */
public final class InvoiceFixtures {

    private InvoiceFixtures() {
    }

    public record CreatedTenant(TenantId id, String slug, String legalName) {
    }

    public static CreatedTenant newTenant(Api api, String prefix) {
        return newTenant(api, prefix, "DE");
    }

    public static CreatedTenant newTenant(Api api, String prefix, String country) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return newTenant(api, slug, slug + " Handels GmbH", country);
    }

    public static CreatedTenant newTenant(Api api, String slug, String legalName, String country) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("country", country);
        contact.put("addressLine1", "Hauptstraße 5");
        contact.put("postalCode", "10115");
        contact.put("city", "Berlin");
        contact.put("taxId", "DE123456789");
        contact.put("billingEmail", "billing@" + slug + ".test");
        Api.Response created = api.post("/api/v1/tenants",
                Map.of("slug", slug, "name", "Tenant " + slug, "legalName", legalName, "contact", contact));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create tenant: " + created);
        }
        return new CreatedTenant(TenantId.of(UUID.fromString(created.json().get("id").asString())), slug, legalName);
    }

    public static String platformCurrency(Api api) {
        return api.get("/api/v1/settings").json().get("defaultCurrency").asString();
    }

    /** One subscription line of the given price, taxable, under a fresh key. */
    public static InvoiceDraft subscription(TenantId tenant, String currency, String price) {
        return InvoiceDraft.of(tenant, InvoiceType.SUBSCRIPTION, currency, "sub-" + UUID.randomUUID(),
                List.of(InvoiceDraft.Line.of("Growth plan, monthly", price)));
    }

    /**
     * Changes settings with a merge patch, runs the body, and puts back the fields it changed, whatever happens.
     */
    public static void withSettings(Api api, Map<String, Object> patch, Runnable body) {
        JsonNode before = api.get("/api/v1/settings").json();
        Map<String, Object> restore = new LinkedHashMap<>();
        for (String field : patch.keySet()) {
            restore.put(field, Api.JSON.convertValue(before.get(field), Object.class));
        }
        Api.Response changed = api.patch("/api/v1/settings", patch);
        if (changed.status() != 200) {
            throw new IllegalStateException("Could not change settings: " + changed);
        }
        try {
            body.run();
        } finally {
            Api.Response restored = api.patch("/api/v1/settings", restore);
            if (restored.status() != 200) {
                throw new IllegalStateException("Could not restore settings: " + restored);
            }
        }
    }

    public static Map<String, Object> taxRate(String code, String rate, String country, boolean inclusive) {
        Map<String, Object> tax = new LinkedHashMap<>();
        tax.put("code", code);
        tax.put("name", "VAT " + rate + "%");
        tax.put("rate", rate);
        tax.put("country", country);
        tax.put("inclusive", inclusive);
        return tax;
    }

    public static List<Object> list(Object... items) {
        return new ArrayList<>(List.of(items));
    }
}
