package org.atrium.platform;

import java.util.List;

/**
 * The permissions staff roles and platform API keys are made of. Access is denied unless one of these is granted.
 */
public final class Permissions {

    public static final String BILLING_ADMIN = "saas.billing.admin";
    public static final String PLANS_MANAGE = "saas.plans.manage";
    public static final String SUBSCRIPTIONS_MANAGE = "saas.subscriptions.manage";
    public static final String WALLETS_MANAGE = "saas.wallets.manage";
    public static final String INVOICES_MANAGE = "saas.invoices.manage";
    public static final String TENANTS_MANAGE = "tenants.manage";
    public static final String TENANTS_READ = "tenants.read";
    public static final String AUDIT_READ = "audit.read";
    public static final String SETTINGS_MANAGE = "settings.manage";
    public static final String STAFF_MANAGE = "staff.manage";
    public static final String ANALYTICS_READ = "analytics.read";
    public static final String USAGE_WRITE = "usage.write";
    public static final String ENTITLEMENTS_READ = "entitlements.read";
    /** Scraping {@code /actuator/prometheus}: a key for the monitoring system and nothing else. */
    public static final String METRICS_READ = "metrics.read";
    public static final String TENANTS_IMPERSONATE = "tenants.impersonate";

    public static final List<String> ALL = List.of(BILLING_ADMIN, PLANS_MANAGE, SUBSCRIPTIONS_MANAGE, WALLETS_MANAGE,
            INVOICES_MANAGE, TENANTS_MANAGE, TENANTS_READ, AUDIT_READ, SETTINGS_MANAGE, STAFF_MANAGE, ANALYTICS_READ,
            USAGE_WRITE, ENTITLEMENTS_READ, METRICS_READ, TENANTS_IMPERSONATE);

    private Permissions() {
    }
}
