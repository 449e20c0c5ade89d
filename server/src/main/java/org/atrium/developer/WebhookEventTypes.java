package org.atrium.developer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The event types webhooks carry ({@code noun.past_tense}), each with what it means. */
public final class WebhookEventTypes {

    public static final String TEST = "webhook.test";

    public static final Map<String, String> ALL;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("tenant.created", "A tenant was created (signup or staff).");
        all.put("tenant.suspended", "Staff or non-payment suspended a tenant: it has no access.");
        all.put("tenant.activated", "A suspension was lifted.");
        all.put("tenant.deleted", "A tenant was deleted.");
        for (String s : List.of("trial_started", "activated", "renewed", "grace_started", "read_only", "suspended",
                "cancelled", "expired", "plan_changed", "reactivated")) {
            all.put("subscription." + s, "The subscription " + s.replace('_', ' ') + ".");
        }
        for (String s : List.of("issued", "paid", "overdue", "cancelled", "refunded")) {
            all.put("invoice." + s, "An invoice was " + s + ".");
        }
        all.put("wallet.credited", "Money was added to a tenant's wallet.");
        all.put("wallet.debited", "Money was taken from a tenant's wallet.");
        all.put("recharge.paid", "A wallet recharge was paid.");
        all.put("recharge.failed", "A wallet recharge failed.");
        all.put("recharge.flagged", "A wallet recharge was flagged for review.");
        all.put("recharge.expired", "A wallet recharge expired unpaid.");
        all.put("recharge.refunded", "A paid wallet recharge was refunded, in part or in full.");
        all.put("recharge.auto_top_up_failed", "An automatic top-up charge was declined or needs the card holder.");
        all.put("usage.threshold_crossed", "A tenant's usage crossed 80 % or 100 % of a limit.");
        all.put(TEST, "A test event, sent on request to one endpoint.");
        ALL = java.util.Collections.unmodifiableMap(all);
    }

    private WebhookEventTypes() {
    }
}
