package org.atrium.wallet;

import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.atrium.support.Api;

/** Tenants (each with its fresh wallet) under unique slugs, and ledger requests that read like the business. */
final class WalletFixtures {

    private WalletFixtures() {
    }

    record CreatedTenant(TenantId id, String slug) {
    }

    static CreatedTenant newTenant(Api api, String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Tenant " + slug,
                "legalName", slug + " GmbH", "contact", Map.of("country", "DE", "addressLine1", "Hauptstr. 1")));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create tenant: " + created);
        }
        return new CreatedTenant(TenantId.of(UUID.fromString(created.json().get("id").asString())), slug);
    }

    static LedgerRequest manualCredit(String amount, String reference) {
        return LedgerRequest.of(LedgerType.MANUAL_CREDIT, new BigDecimal(amount), reference, "Courtesy credit");
    }

    static LedgerRequest manualDebit(String amount, String reference) {
        return LedgerRequest.of(LedgerType.MANUAL_DEBIT, new BigDecimal(amount), reference, "Correction");
    }

    static LedgerRequest recharge(String amount, String reference) {
        return LedgerRequest.of(LedgerType.RECHARGE, new BigDecimal(amount), reference, null);
    }

    static LedgerRequest subscriptionPayment(String amount, String reference) {
        return LedgerRequest.of(LedgerType.SUBSCRIPTION_PAYMENT, new BigDecimal(amount), reference, null);
    }
}
