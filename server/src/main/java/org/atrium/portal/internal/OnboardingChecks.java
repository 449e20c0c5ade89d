package org.atrium.portal.internal;

import java.util.List;

import org.atrium.branding.Branding;
import org.atrium.catalog.MetricKind;
import org.atrium.developer.TenantApiKeys;
import org.atrium.identity.TenantTeams;
import org.atrium.metering.Metering;
import org.atrium.platform.PageRequest;
import org.atrium.platform.TenantId;
import org.atrium.portal.Onboarding;
import org.atrium.subscriptions.Subscription;
import org.atrium.subscriptions.SubscriptionStatus;
import org.atrium.subscriptions.Subscriptions;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.WalletTransactionQuery;
import org.atrium.wallet.Wallets;
import org.springframework.stereotype.Service;

/**
 * {@link Onboarding} from each module's own state: the subscription (left its trial for a plan), the wallet's ledger
 * (a recharge or a credit), the team (a second member or an invitation), the tenant's API keys, and metering (a
 * counter above zero in any period), and the brand (saved at least once).
 */
@Service
class OnboardingChecks implements Onboarding {

    private final Tenants tenants;
    private final Subscriptions subscriptions;
    private final Wallets wallets;
    private final TenantTeams teams;
    private final TenantApiKeys keys;
    private final Metering metering;
    private final Branding branding;

    OnboardingChecks(Tenants tenants, Subscriptions subscriptions, Wallets wallets, TenantTeams teams,
            TenantApiKeys keys, Metering metering, Branding branding) {
        this.branding = branding;
        this.tenants = tenants;
        this.subscriptions = subscriptions;
        this.wallets = wallets;
        this.teams = teams;
        this.keys = keys;
        this.metering = metering;
    }

    @Override
    public Progress progress(TenantId tenant) {
        Tenant t = tenants.require(tenant);
        return Progress.of(List.of(
                new Step("account", "Account created", true, ""),
                new Step("plan", "Plan chosen", planChosen(tenant), "/plan"),
                new Step("wallet", "Wallet funded", walletFunded(tenant), "/wallet"),
                new Step("team", "Team invited", teamInvited(tenant), "/team"),
                new Step("branding", "Branding set", brandingSet(tenant), "/brand"),
                new Step("api_key", "API key created", !keys.list(t.slug()).isEmpty(), "/api-keys"),
                new Step("usage", "First usage recorded", usageRecorded(tenant), "/usage")));
    }

    /** Chosen means committed to: a subscription that has left its trial (paid, or after it). */
    private boolean planChosen(TenantId tenant) {
        return subscriptions.find(tenant).map(Subscription::status).filter(s -> s != SubscriptionStatus.TRIAL)
                .isPresent();
    }

    private boolean walletFunded(TenantId tenant) {
        PageRequest one = new PageRequest(0, 1, "seq", true);
        return wallets.transactions(tenant, one, new WalletTransactionQuery(LedgerType.RECHARGE, null, null, null))
                .totalItems() > 0
                || wallets.transactions(tenant, one,
                        new WalletTransactionQuery(LedgerType.MANUAL_CREDIT, null, null, null)).totalItems() > 0;
    }

    private boolean teamInvited(TenantId tenant) {
        return teams.invitationsSent(tenant) > 0 || teams.members(tenant).size() > 1;
    }

    /** Saved at least once: version 0 is the platform's brand that every tenant starts with. */
    private boolean brandingSet(TenantId tenant) {
        return branding.current(tenant).version() > 0;
    }

    private boolean usageRecorded(TenantId tenant) {
        return metering.all().values().stream().filter(m -> m.kind() != MetricKind.LEVEL)
                .anyMatch(m -> metering.history(tenant, m.key()).stream().anyMatch(p -> p.value() > 0));
    }
}
