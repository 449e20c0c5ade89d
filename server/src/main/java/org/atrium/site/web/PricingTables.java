package org.atrium.site.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.atrium.catalog.BillingCycle;
import org.atrium.catalog.Catalog;
import org.atrium.catalog.Plan;
import org.atrium.catalog.PlanChanged;
import org.atrium.operations.Settings;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The pricing page's tables, worked out once per billing cycle and locale and kept until the plans change. A change
 * on this node ({@link PlanChanged}, after its commit) drops them all; a change on another node reaches this one
 * through the catalog's own plan cache (reloaded every few seconds), so each entry also remembers the plans and trial
 * length it was made from and is made again when the catalog answers differently.
 */
@Component
class PricingTables {

    /** At most this many locales are kept per cycle: the key comes from a request header. */
    static final int MAX_ENTRIES = 64;

    private record Key(BillingCycle cycle, Locale locale) {
    }

    private record Entry(List<Plan> plans, int trialDays, PricingTable table) {
    }

    private final Catalog catalog;
    private final Settings settings;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    PricingTables(Catalog catalog, Settings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    PricingTable table(BillingCycle cycle, Locale locale) {
        List<Plan> plans = catalog.plans(true);
        int trialDays = settings.current().trialDays();
        Key key = new Key(cycle, locale);
        Entry entry = entries.get(key);
        if (entry == null || entry.trialDays() != trialDays || !entry.plans().equals(plans)) {
            entry = new Entry(plans, trialDays, PricingTable.of(plans, catalog.metrics(), cycle, trialDays, locale));
            if (entries.size() >= MAX_ENTRIES) {
                entries.clear();
            }
            entries.put(key, entry);
        }
        return entry.table();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(PlanChanged event) {
        entries.clear();
    }

    /** How many tables are held (for tests). */
    int size() {
        return entries.size();
    }
}
