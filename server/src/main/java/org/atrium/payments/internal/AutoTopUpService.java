package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.notifications.NotificationRequest;
import org.atrium.notifications.NotificationType;
import org.atrium.notifications.Notifications;
import org.atrium.payments.AutoTopUp;
import org.atrium.payments.AutoTopUpFailed;
import org.atrium.payments.AutoTopUps;
import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeStatus;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.WalletCredited;
import org.atrium.wallet.WalletDebited;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Auto top-up. The crossing is claimed inside the transaction of the debit that takes the balance below the
 * threshold (one conditional update: one claim per crossing, whichever node debits), together with the pending
 * recharge it will credit; the charge goes to Stripe after that commit, off-session, with an idempotency key made of
 * the tenant and the crossing, and Stripe's answer settles the recharge through {@link RechargeService#settle}, the
 * same exactly-once credit as every recharge. A charge Stripe does not answer (or whose node stopped) is sent again
 * by the payments retry task with the same key, so it is made once.
 */
@Service
class AutoTopUpService implements AutoTopUps {

    private static final Logger log = LoggerFactory.getLogger(AutoTopUpService.class);
    /** A claimed charge not answered within this time (its node stopped) is sent again by the retry task. */
    private static final Duration UNANSWERED = Duration.ofMinutes(2);
    private static final Duration LEASE = Duration.ofMinutes(5);

    private final AutoTopUpMandates mandates;
    private final Recharges recharges;
    private final RechargeService settlement;
    private final StripeCards cards;
    private final GatewayDirectory gateways;
    private final Wallets wallets;
    private final Tenants tenants;
    private final AuditLog audit;
    private final Notifications notifications;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PaymentsSettings settings;
    private final TransactionTemplate tx;
    private final TaskExecutor executor;
    private final int maxFailures;

    AutoTopUpService(AutoTopUpMandates mandates, Recharges recharges, RechargeService settlement, StripeCards cards,
            GatewayDirectory gateways, Wallets wallets, Tenants tenants, AuditLog audit, Notifications notifications,
            ApplicationEventPublisher events, Clock clock, PaymentsSettings settings, TransactionTemplate tx,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor,
            @Value("${atrium.payments.auto-top-up.max-failures:3}") int maxFailures) {
        this.mandates = mandates;
        this.recharges = recharges;
        this.settlement = settlement;
        this.cards = cards;
        this.gateways = gateways;
        this.wallets = wallets;
        this.tenants = tenants;
        this.audit = audit;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.tx = tx;
        this.executor = executor;
        this.maxFailures = Math.max(1, maxFailures);
    }

    @Override
    public Optional<AutoTopUp> find(TenantId tenant) {
        return mandates.find(tenant).map(AutoTopUpMandates.Mandate::view);
    }

    @Override
    public AutoTopUp configure(TenantId tenantId, @Nullable BigDecimal threshold, @Nullable BigDecimal amount,
            @Nullable Boolean enabled) {
        Tenant tenant = liveTenant(tenantId);
        stripe(tenantId);
        String currency = wallets.require(tenantId).currency();
        if (threshold == null) {
            throw ProblemException.invalidField("threshold", "is required");
        }
        if (threshold.signum() < 0) {
            throw ProblemException.invalidField("threshold", "must not be negative");
        }
        int digits = Money.minorDigits(java.util.Currency.getInstance(currency));
        if (threshold.stripTrailingZeros().scale() > digits) {
            throw ProblemException.invalidField("threshold", "has more decimals than %s allows (%d)"
                    .formatted(currency, digits));
        }
        Money topUp = settlement.checkAmount(amount, currency);
        Optional<AutoTopUpMandates.Mandate> current = mandates.find(tenantId);
        boolean on = enabled != null ? enabled : current.map(m -> m.view().enabled()).orElse(false);
        if (on && current.map(AutoTopUpMandates.Mandate::paymentMethod).isEmpty()) {
            throw ProblemException.conflict("auto-top-up-no-card", "Save a card first (POST /api/v1/tenants/"
                    + tenant.slug() + "/auto-top-up/card-setup): auto top-up charges a saved card");
        }
        tx.executeWithoutResult(s -> {
            mandates.configure(tenantId, currency, threshold, topUp.amount(), on, clock.instant());
            audit.record(AuditEntry.of("payments.auto_top_up.configured", tenantId, tenant.slug(),
                    current.map(m -> describe(m.view())).orElse(null),
                    Map.of("enabled", on, "threshold", threshold.toPlainString(), "amount", topUp.toPlainString(),
                            "currency", currency)));
        });
        return find(tenantId).orElseThrow();
    }

    private static Map<String, Object> describe(AutoTopUp a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", a.enabled());
        if (a.threshold() != null && a.amount() != null) {
            m.put("threshold", a.threshold().toPlainString());
            m.put("amount", a.amount().toPlainString());
        }
        return m;
    }

    @Override
    public String startCardSetup(TenantId tenantId, @Nullable String returnUrl) {
        Tenant tenant = liveTenant(tenantId);
        GatewayCredentials credentials = stripe(tenantId);
        String back = ReturnUrls.check(returnUrl, settings.publicUrl);
        String currency = wallets.require(tenantId).currency();
        String customer = mandates.find(tenantId).map(AutoTopUpMandates.Mandate::customer)
                .orElseGet(() -> cards.customer(credentials, tenantId, tenant.name(),
                        tenant.contact().billingRecipient()));
        String path = "/payments/auto-top-up/return/" + tenantId.value();
        PaymentGateway.Checkout session;
        try {
            // Stripe puts the session's id where {CHECKOUT_SESSION_ID} stands.
            session = cards.startSetup(credentials, tenantId, customer, currency,
                    settings.url(path) + "?session_id={CHECKOUT_SESSION_ID}", settings.url(path) + "?cancelled=true",
                    "atrium-card-setup-" + UUID.randomUUID());
        } catch (GatewayUnavailable | GatewayRefused e) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "gateway-unavailable", "Stripe did not start the"
                    + " card setup (" + e.getMessage() + "); nothing was saved");
        }
        tx.executeWithoutResult(s -> {
            mandates.setupStarted(tenantId, currency, customer, session.sessionId(), back, clock.instant());
            audit.record(AuditEntry.of("payments.auto_top_up.card_setup_started", tenantId, tenant.slug(), null,
                    Map.of("session", session.sessionId())));
        });
        return session.redirectUrl();
    }

    @Override
    public String cardSetupReturned(TenantId tenantId, Map<String, String> parameters) {
        AutoTopUpMandates.Mandate mandate = mandates.find(tenantId)
                .orElseThrow(() -> ProblemException.notFound("Card setup", tenantId.value().toString()));
        String back = mandate.setupReturnUrl() == null ? settings.url("/portal") : mandate.setupReturnUrl();
        String sessionId = parameters.get("session_id");
        String outcome;
        if ("true".equals(parameters.get("cancelled")) || sessionId == null) {
            outcome = "cancelled";
        } else if (!sessionId.equals(mandate.setupSessionId())) {
            outcome = "unknown";
        } else {
            outcome = saveCard(tenantId, sessionId) ? "saved" : "pending";
        }
        return UriComponentsBuilder.fromUriString(back).replaceQueryParam("card", outcome).build().encode()
                .toUriString();
    }

    /** Reads a setup session back from Stripe and saves its card; false while Stripe has not completed it. */
    boolean saveCard(TenantId tenantId, String sessionId) {
        StripeCards.SavedCard saved;
        try {
            saved = cards.savedCard(stripe(tenantId), sessionId);
        } catch (GatewayUnavailable e) {
            log.warn("Reading card setup {} of {} back from Stripe failed: {}", sessionId, tenantId, e.getMessage());
            return false;
        }
        if (saved == null || saved.customer() == null) {
            return false;
        }
        if (!tenantId.value().toString().equals(saved.tenantReference())) {
            log.warn("Card setup {} was made for {}, not {}: not saved", sessionId, saved.tenantReference(),
                    tenantId);
            return false;
        }
        tx.executeWithoutResult(s -> {
            mandates.cardSaved(tenantId, saved.customer(), saved.paymentMethod(), saved.label(), clock.instant());
            audit.record(AuditEntry.of("payments.auto_top_up.card_saved", tenantId, sessionId, null,
                    Map.of("card", saved.label())));
        });
        return true;
    }

    @Override
    public void remove(TenantId tenant) {
        tx.executeWithoutResult(s -> {
            mandates.remove(tenant, clock.instant());
            audit.record(AuditEntry.of("payments.auto_top_up.removed", tenant, tenant.value().toString(), null,
                    Map.of("enabled", false)));
        });
    }

    // --- the trigger, inside the wallet's transaction ---

    @EventListener
    void on(WalletDebited debited) {
        Instant now = clock.instant();
        mandates.claimCrossing(debited.tenantId(), debited.balanceAfter().amount(),
                () -> RechargeReferences.next(debited.tenantId(), clock), now.plus(UNANSWERED), now)
                .ifPresent(claim -> {
                    String reference = claim.reference();
                    recharges.insert(new Recharge(claim.tenant(), reference, Gateway.STRIPE, claim.amount(),
                            RechargeStatus.PENDING, settings.url("/portal"), null, null, null,
                            Money.zero(claim.amount().currency()), null, 0, null, now, now, null), "auto-top-up");
                    audit.record(AuditEntry.of("payments.auto_top_up.triggered", claim.tenant(), reference, null,
                            Map.of("crossing", claim.crossing(), "balance", debited.balanceAfter().toPlainString(),
                                    "amount", claim.amount().toPlainString())));
                    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            executor.execute(() -> charge(claim));
                        }
                    });
                });
    }

    @EventListener
    void on(WalletCredited credited) {
        mandates.rearm(credited.tenantId(), credited.balanceAfter().amount());
    }

    @Override
    public int retryCharges() {
        Instant now = clock.instant();
        List<AutoTopUpMandates.Claim> due = tx.execute(s -> mandates.claimDueRetries(now, now.plus(LEASE), 20));
        due.forEach(this::charge);
        return due.size();
    }

    /** One crossing's charge: Stripe's answer settles it; the same idempotency key on every attempt. */
    void charge(AutoTopUpMandates.Claim claim) {
        TenantId tenant = claim.tenant();
        try {
            AutoTopUpMandates.Mandate mandate = mandates.find(tenant).orElseThrow();
            if (mandate.paymentMethod() == null || mandate.customer() == null) {
                declined(claim, new ChargeDeclined("no_card", "No saved card"));
                return;
            }
            GatewayPayment payment = cards.charge(stripe(tenant), claim.reference(), claim.amount(),
                    mandate.customer(), mandate.paymentMethod(), idempotencyKey(claim),
                    "Wallet auto top-up " + claim.reference());
            tx.executeWithoutResult(s -> {
                recharges.paymentStarted(tenant, claim.reference(), payment.paymentId(), clock.instant());
                mandates.charged(tenant, clock.instant());
                if (payment.outcome() == GatewayPayment.Outcome.PENDING) {
                    // Processing at Stripe: its payment_intent webhook, or the confirmation retry, settles it.
                    recharges.scheduleConfirmation(tenant, claim.reference(),
                            clock.instant().plus(settings.retryInitial));
                } else {
                    settlement.settle(tenant, claim.reference(), payment);
                }
            });
        } catch (ChargeDeclined e) {
            declined(claim, e);
        } catch (GatewayUnavailable e) {
            Instant next = clock.instant().plus(settings.retryInitial);
            log.warn("Auto top-up {} of {}: Stripe did not answer ({}); sent again at {}", claim.reference(), tenant,
                    e.getMessage(), next);
            tx.executeWithoutResult(s -> mandates.retryAt(tenant, next));
        } catch (RuntimeException e) {
            // Left claimed: the retry task sends it again (same key) once the claim's time has passed.
            log.error("Auto top-up {} of {} failed", claim.reference(), tenant, e);
        }
    }

    /** Stripe's idempotency key of a crossing's charge: every attempt at it, on any node, is the one charge. */
    static String idempotencyKey(AutoTopUpMandates.Claim claim) {
        return "atrium-auto-top-up-" + claim.tenant().value() + "-" + claim.crossing();
    }

    private void declined(AutoTopUpMandates.Claim claim, ChargeDeclined e) {
        TenantId tenantId = claim.tenant();
        log.warn("Auto top-up {} of {} declined ({}): {}", claim.reference(), tenantId, e.code(), e.getMessage());
        tx.executeWithoutResult(s -> {
            Instant now = clock.instant();
            Tenant tenant = tenants.require(tenantId);
            recharges.changeStatus(tenantId, claim.reference(), RechargeStatus.FAILED, null, null, now);
            AutoTopUpMandates.Failure failure = mandates.failed(tenantId, e.code() + ": " + e.getMessage(),
                    maxFailures, now);
            audit.record(AuditEntry.of("payments.auto_top_up.failed", tenantId, claim.reference(), null,
                    Map.of("code", e.code(), "failures", failure.inARow(), "disabled", failure.disabled())));
            events.publishEvent(new AutoTopUpFailed(tenantId, tenant.slug(), claim.reference(), claim.amount(),
                    e.code(), e.getMessage(), failure.inARow(), failure.disabled(), now));
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("amount", claim.amount());
            model.put("reason", reason(e.code()));
            model.put("disabled", failure.disabled());
            model.put("tenantName", tenant.name());
            notifications.enqueue(new NotificationRequest("auto-top-up-failed:" + claim.reference(), tenantId,
                    NotificationType.AUTO_TOP_UP_FAILED, tenant.contact().billingRecipient(), model));
        });
    }

    private static String reason(String code) {
        return switch (code) {
            case "authentication_required" -> "your bank asks you to confirm the payment, which we cannot do while"
                    + " you are away";
            case "insufficient_funds" -> "the card has insufficient funds";
            case "expired_card" -> "the card has expired";
            case "no_card" -> "there is no saved card";
            default -> "the card was declined";
        };
    }

    private Tenant liveTenant(TenantId tenantId) {
        Tenant tenant = tenants.require(tenantId);
        if (tenant.isDeleted()) {
            throw ProblemException.notFound("Tenant", tenant.slug());
        }
        return tenant;
    }

    /** The tenant's Stripe credentials, or a 400 when Stripe is not configured for it. */
    private GatewayCredentials stripe(TenantId tenant) {
        GatewayCredentials credentials = gateways.credentials(tenant, Gateway.STRIPE);
        if (!gateways.gateway(Gateway.STRIPE).isConfigured(credentials)) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "gateway-not-configured", "Auto top-up charges a"
                    + " card saved with Stripe, and Stripe is not configured", Map.of("errors", Map.of("gateway",
                            "stripe not configured")));
        }
        return credentials;
    }
}
