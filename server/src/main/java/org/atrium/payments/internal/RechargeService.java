package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeClosed;
import org.atrium.payments.RechargeFlagged;
import org.atrium.payments.RechargePaid;
import org.atrium.payments.RechargeRefunded;
import org.atrium.payments.RechargeStatus;
import org.atrium.payments.Recharging;
import org.atrium.platform.Actor;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.Tenants;
import org.atrium.wallet.LedgerRequest;
import org.atrium.wallet.LedgerType;
import org.atrium.wallet.Wallets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recharges from checkout to credit. The gateway is asked outside any transaction; what it answers is applied in one
 * transaction under the recharge's row lock, so the callback and the webhooks of one payment, on any node, settle it
 * one after the other: the first credits, the others find it paid. The wallet's unique reference (the recharge
 * reference) would refuse a second credit even without the lock.
 */
@Service
class RechargeService implements Recharging {

    private static final Logger log = LoggerFactory.getLogger(RechargeService.class);
    private static final Duration CLAIM_LEASE = Duration.ofMinutes(5);

    private final Recharges recharges;
    private final RechargeRefunds refunds;
    private final GatewayDirectory gateways;
    private final Wallets wallets;
    private final Tenants tenants;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final PaymentsSettings settings;
    private final TransactionTemplate tx;

    RechargeService(Recharges recharges, RechargeRefunds refunds, GatewayDirectory gateways, Wallets wallets,
            Tenants tenants, AuditLog audit, ApplicationEventPublisher events, Clock clock, PaymentsSettings settings,
            TransactionTemplate tx) {
        this.recharges = recharges;
        this.refunds = refunds;
        this.gateways = gateways;
        this.wallets = wallets;
        this.tenants = tenants;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
        this.settings = settings;
        this.tx = tx;
    }

    @Override
    public Recharge start(TenantId tenantId, @Nullable BigDecimal amount, @Nullable String gatewayCode,
            @Nullable String returnUrl) {
        Tenant tenant = tenants.require(tenantId);
        if (tenant.isDeleted()) {
            throw ProblemException.notFound("Tenant", tenant.slug());
        }
        String currency = wallets.require(tenantId).currency();
        Money money = checkAmount(amount, currency);
        String back = ReturnUrls.check(returnUrl, settings.publicUrl);
        Gateway gateway = gateways.choose(tenantId, gatewayCode);
        String reference = RechargeReferences.next(tenantId, clock);
        Instant now = clock.instant();
        Recharge pending = new Recharge(tenantId, reference, gateway, money, RechargeStatus.PENDING, back, null, null,
                null, Money.zero(money.currency()), null, 0, null, now, now, null);
        tx.executeWithoutResult(status -> {
            recharges.insert(pending, Actor.current().id());
            audit.record(AuditEntry.of("payments.recharge.started", tenantId, reference, null,
                    Map.of("gateway", gateway.code(), "amount", money.toPlainString(), "currency", currency)));
        });
        PaymentGateway.Checkout checkout;
        try {
            checkout = gateways.gateway(gateway).startCheckout(gateways.credentials(tenantId, gateway),
                    new PaymentGateway.CheckoutRequest(reference, money, tenant.name(),
                            tenant.contact().billingRecipient(),
                            settings.url("/payments/return/" + reference),
                            settings.url("/payments/return/" + reference + "?cancelled=true")));
        } catch (GatewayUnavailable | GatewayRefused e) {
            log.warn("Checkout of {} through {} failed: {}", reference, gateway.code(), e.getMessage());
            tx.executeWithoutResult(status -> recharges.changeStatus(tenantId, reference, RechargeStatus.FAILED,
                    null, null, clock.instant()));
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "gateway-unavailable", "The " + gateway.code()
                    + " gateway did not start the checkout (" + e.getMessage() + "); recharge " + reference
                    + " is recorded as failed, nothing was charged", Map.of("reference", reference));
        }
        recharges.checkoutStarted(tenantId, reference, checkout.sessionId(), checkout.redirectUrl(), clock.instant());
        return require(tenantId, reference);
    }

    Money checkAmount(@Nullable BigDecimal amount, String currency) {
        if (amount == null) {
            throw ProblemException.invalidField("amount", "is required");
        }
        if (amount.signum() <= 0) {
            throw ProblemException.invalidField("amount", "must be more than zero");
        }
        int digits = Money.minorDigits(java.util.Currency.getInstance(currency));
        if (amount.stripTrailingZeros().scale() > digits) {
            throw ProblemException.invalidField("amount", "has more decimals than %s allows (%d)"
                    .formatted(currency, digits));
        }
        if (amount.compareTo(settings.rechargeMin) < 0) {
            throw ProblemException.invalidField("amount", "must be at least %s %s"
                    .formatted(settings.rechargeMin.toPlainString(), currency));
        }
        if (amount.compareTo(settings.rechargeMax) > 0) {
            throw ProblemException.invalidField("amount", "must be at most %s %s"
                    .formatted(settings.rechargeMax.toPlainString(), currency));
        }
        return Money.of(amount, currency);
    }

    @Override
    public Optional<Recharge> find(TenantId tenant, String reference) {
        return recharges.find(tenant, reference);
    }

    @Override
    public Recharge require(TenantId tenant, String reference) {
        return find(tenant, reference).orElseThrow(() -> ProblemException.notFound("Recharge", reference));
    }

    @Override
    public PageResponse<Recharge> list(TenantId tenant, PageRequest page, @Nullable RechargeStatus status) {
        return recharges.list(tenant, page, status);
    }

    @Override
    public PageResponse<Recharge> flagged(PageRequest page) {
        return recharges.flagged(page);
    }

    @Override
    public Recharge returned(String reference, Map<String, String> parameters) {
        TenantId tenant = RechargeReferences.tenantOf(reference);
        if (tenant == null) {
            throw ProblemException.notFound("Recharge", reference);
        }
        return confirm(require(tenant, reference), parameters, null);
    }

    /**
     * Asks the gateway about the recharge and applies the answer. A gateway that does not answer changes nothing
     * and schedules another attempt.
     */
    Recharge confirm(Recharge recharge, Map<String, String> parameters, @Nullable InboundEvent hint) {
        if (!recharge.status().isUnsettled()) {
            return recharge;
        }
        return apply(recharge, lookUp(recharge, parameters, hint));
    }

    /** What the gateway said about a recharge's payment, or that it did not answer. */
    record LookUp(@Nullable GatewayPayment truth, @Nullable GatewayUnavailable unavailable) {
    }

    /** Asks the gateway (outside any transaction: a slow gateway must not hold a connection and row locks). */
    LookUp lookUp(Recharge recharge, Map<String, String> parameters, @Nullable InboundEvent hint) {
        try {
            return new LookUp(gateways.gateway(recharge.gateway()).lookUp(
                    gateways.credentials(recharge.tenantId(), recharge.gateway()), recharge, parameters, hint), null);
        } catch (GatewayUnavailable e) {
            return new LookUp(null, e);
        }
    }

    /**
     * Applies what the gateway said: settles the recharge, or schedules another attempt when it did not answer.
     * Joins the caller's transaction if there is one (a webhook stores its event and settles in one commit).
     */
    Recharge apply(Recharge recharge, LookUp answer) {
        if (answer.truth() != null) {
            return settle(recharge.tenantId(), recharge.reference(), answer.truth());
        }
        Instant next = clock.instant().plus(backoff(recharge.confirmAttempts()));
        log.warn("Confirmation of {} through {} timed out ({}); next attempt at {}", recharge.reference(),
                recharge.gateway().code(), answer.unavailable() == null ? "" : answer.unavailable().getMessage(),
                next);
        tx.executeWithoutResult(s -> recharges.scheduleConfirmation(recharge.tenantId(), recharge.reference(), next));
        return require(recharge.tenantId(), recharge.reference());
    }

    private Duration backoff(int attempts) {
        Duration d = settings.retryInitial.multipliedBy(1L << Math.min(attempts, 20));
        return d.compareTo(settings.retryMax) > 0 ? settings.retryMax : d;
    }

    /** Applies the gateway's answer under the recharge's lock: credits once, or flags, or closes. */
    Recharge settle(TenantId tenant, String reference, GatewayPayment truth) {
        return tx.execute(status -> {
            Recharge r = recharges.lock(tenant, reference).orElseThrow();
            recharges.confirmationDone(tenant, reference);
            if (!r.status().isUnsettled()) {
                return r;
            }
            Instant now = clock.instant();
            switch (truth.outcome()) {
                case SUCCEEDED -> {
                    String mismatch = mismatch(r, truth);
                    if (mismatch != null) {
                        recharges.changeStatus(tenant, reference, RechargeStatus.FLAGGED, truth.paymentId(), mismatch,
                                now);
                        audit.record(AuditEntry.of("payments.recharge.flagged", tenant, reference,
                                Map.of("status", r.status().code()), Map.of("status", "flagged", "reason", mismatch)));
                        events.publishEvent(new RechargeFlagged(tenant, slug(tenant), reference, r.gateway(),
                                r.amount(), mismatch, now));
                        log.warn("Recharge {} flagged: {}", reference, mismatch);
                    } else {
                        credit(r, truth, now);
                    }
                }
                case FAILED, EXPIRED -> {
                    RechargeStatus next = truth.outcome() == GatewayPayment.Outcome.FAILED ? RechargeStatus.FAILED
                            : RechargeStatus.EXPIRED;
                    if (r.status() == RechargeStatus.PENDING) {
                        recharges.changeStatus(tenant, reference, next, truth.paymentId(), null, now);
                        audit.record(AuditEntry.of("payments.recharge." + next.code(), tenant, reference,
                                Map.of("status", "pending"), Map.of("status", next.code())));
                        events.publishEvent(new RechargeClosed(tenant, slug(tenant), reference, r.gateway(), r.amount(),
                                next, now));
                    }
                }
                case PENDING -> {
                    // The payment is not decided yet (a delayed method): its webhook will come.
                }
            }
            return recharges.find(tenant, reference).orElseThrow();
        });
    }

    private static @Nullable String mismatch(Recharge r, GatewayPayment truth) {
        if (truth.reference() != null && !RechargeReferences.normalise(truth.reference()).equals(r.reference())) {
            return "the gateway's payment is for reference " + truth.reference();
        }
        if (truth.amount() == null) {
            return "the gateway reports no amount";
        }
        if (!truth.amount().currency().equals(r.amount().currency())) {
            return "the gateway reports %s %s, the recharge is %s %s".formatted(truth.amount().toPlainString(),
                    truth.amount().currencyCode(), r.amount().toPlainString(), r.amount().currencyCode());
        }
        if (truth.amount().compareTo(r.amount()) != 0) {
            return "the gateway reports %s %s, the recharge is %s %s".formatted(truth.amount().toPlainString(),
                    truth.amount().currencyCode(), r.amount().toPlainString(), r.amount().currencyCode());
        }
        return null;
    }

    private void credit(Recharge r, GatewayPayment truth, Instant now) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (r.gatewaySessionId() != null) {
            metadata.put("gatewaySession", r.gatewaySessionId());
        }
        if (truth.paymentId() != null) {
            metadata.put("gatewayPayment", truth.paymentId());
        }
        wallets.credit(r.tenantId(), new LedgerRequest(LedgerType.RECHARGE, r.amount().amount(),
                r.amount().currencyCode(), r.reference(), "Recharge through " + label(r.gateway()), r.gateway().code(),
                metadata));
        recharges.changeStatus(r.tenantId(), r.reference(), RechargeStatus.PAID, truth.paymentId(), null, now);
        audit.record(AuditEntry.of("payments.recharge.paid", r.tenantId(), r.reference(),
                Map.of("status", r.status().code()), Map.of("status", "paid", "amount", r.amount().toPlainString(),
                        "currency", r.amount().currencyCode(), "gateway", r.gateway().code())));
        events.publishEvent(new RechargePaid(r.tenantId(), slug(r.tenantId()), r.reference(), r.gateway(), r.amount(),
                r.checkoutUrl() == null, now));
    }

    @Override
    public int retryConfirmations() {
        Instant now = clock.instant();
        List<Recharge> due = tx.execute(s -> recharges.claimDue(now, now.plus(CLAIM_LEASE), 50));
        int settled = 0;
        for (Recharge r : due) {
            try {
                Recharge after = confirm(r, Map.of(), null);
                if (after.nextConfirmAt() == null || !after.status().isUnsettled()) {
                    settled++;
                }
            } catch (RuntimeException e) {
                log.error("Retrying the confirmation of {} failed", r.reference(), e);
            }
        }
        return settled;
    }

    // --- refunds ---

    @Override
    public Recharge refund(TenantId tenant, String reference, @Nullable BigDecimal amount, @Nullable String reason,
            @Nullable String idempotencyKey) {
        if (reason == null || reason.isBlank()) {
            throw ProblemException.invalidField("reason", "is required: say why the recharge is refunded");
        }
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 100) {
            throw ProblemException.invalidField("reference", "is required (1 to 100 characters): the refund's"
                    + " idempotency key, or send an Idempotency-Key header");
        }
        String refundReference = reference + ":refund:" + idempotencyKey.strip();
        Recharge current = require(tenant, reference);
        Optional<RechargeRefunds.Refund> earlier = refunds.find(tenant, refundReference);
        RechargeRefunds.Refund refund;
        if (earlier.isPresent()) {
            refund = earlier.get();
            if (amount != null && amount.compareTo(refund.amount().amount()) != 0) {
                throw ProblemException.conflict("idempotency-conflict", "Refund key '" + idempotencyKey
                        + "' was used for a refund of " + refund.amount().toPlainString());
            }
            if (refund.appliedAt() != null) {
                return current;
            }
        } else {
            refund = tx.execute(s -> {
                Recharge r = recharges.lock(tenant, reference).orElseThrow();
                if (r.status() != RechargeStatus.PAID) {
                    throw new ProblemException(HttpStatus.CONFLICT, "not-refundable", "Recharge " + reference
                            + " is " + r.status().code() + ": only a paid recharge can be refunded",
                            Map.of("currentState", r.status().code()));
                }
                Money left = r.amount().minus(r.refunded());
                Money asked = amount == null ? left : checkRefundAmount(amount, r);
                if (asked.compareTo(left) > 0) {
                    throw new ProblemException(HttpStatus.CONFLICT, "refund-exceeds-paid", "A refund of "
                            + asked.toPlainString() + " " + asked.currencyCode() + " is more than the "
                            + left.toPlainString() + " left of recharge " + reference,
                            Map.of("refundable", left.toPlainString()));
                }
                RechargeRefunds.Refund made = new RechargeRefunds.Refund(tenant, refundReference, reference, asked,
                        reason.strip(), null, null);
                refunds.insert(made, Actor.current().id(), clock.instant());
                return made;
            });
        }
        String gatewayRefundId;
        try {
            gatewayRefundId = gateways.gateway(current.gateway()).refund(
                    gateways.credentials(tenant, current.gateway()), current, refund.amount(), refundReference);
        } catch (GatewayUnavailable | GatewayRefused e) {
            throw new ProblemException(HttpStatus.BAD_GATEWAY, "gateway-unavailable", "The " + current.gateway()
                    .code() + " gateway did not refund (" + e.getMessage() + "); nothing was taken from the wallet."
                    + " Retry with the same reference", Map.of("reference", reference));
        }
        applyRefund(tenant, reference, refundReference, gatewayRefundId);
        return require(tenant, reference);
    }

    private static Money checkRefundAmount(BigDecimal amount, Recharge r) {
        if (amount.signum() <= 0) {
            throw ProblemException.invalidField("amount", "must be more than zero");
        }
        int digits = Money.minorDigits(r.amount().currency());
        if (amount.stripTrailingZeros().scale() > digits) {
            throw ProblemException.invalidField("amount", "has more decimals than %s allows (%d)"
                    .formatted(r.amount().currencyCode(), digits));
        }
        return new Money(amount, r.amount().currency());
    }

    /** A refund the gateway reported (its webhook): matched to Atrium's own request, or recorded as made there. */
    void gatewayRefunded(Recharge recharge, String gatewayRefundId, Money amount, @Nullable LookUp answer) {
        Recharge r = !recharge.status().isUnsettled() ? recharge
                : answer != null ? apply(recharge, answer) : confirm(recharge, Map.of(), null);
        if (r.status() != RechargeStatus.PAID && r.status() != RechargeStatus.REFUNDED) {
            log.warn("Refund {} of recharge {} ({}) reported before the payment could be confirmed", gatewayRefundId,
                    r.reference(), r.status().code());
            throw new IllegalStateException("refund reported for a recharge that is " + r.status().code());
        }
        String refundReference = tx.execute(s -> {
            recharges.lock(r.tenantId(), r.reference()).orElseThrow();
            Optional<RechargeRefunds.Refund> known = refunds.byGatewayId(r.tenantId(), r.reference(), gatewayRefundId)
                    .or(() -> refunds.awaitingGatewayId(r.tenantId(), r.reference(), amount.amount()));
            if (known.isPresent()) {
                return known.get().reference();
            }
            String made = r.reference() + ":refund:" + gatewayRefundId;
            refunds.insert(new RechargeRefunds.Refund(r.tenantId(), made, r.reference(), amount,
                    "Refunded at the gateway", gatewayRefundId, null), "gateway:" + r.gateway().code(),
                    clock.instant());
            return made;
        });
        applyRefund(r.tenantId(), r.reference(), refundReference, gatewayRefundId);
    }

    /** Takes a refund from the wallet once, under the recharge's lock. */
    private void applyRefund(TenantId tenant, String reference, String refundReference, String gatewayRefundId) {
        tx.executeWithoutResult(s -> {
            Recharge r = recharges.lock(tenant, reference).orElseThrow();
            RechargeRefunds.Refund refund = refunds.find(tenant, refundReference).orElseThrow();
            if (refund.appliedAt() != null) {
                return;
            }
            Money total = r.refunded().plus(refund.amount());
            if (total.compareTo(r.amount()) > 0) {
                throw new IllegalStateException("refunds of " + reference + " would exceed its amount");
            }
            wallets.debit(tenant, new LedgerRequest(LedgerType.RECHARGE_REFUND, refund.amount().amount(),
                    refund.amount().currencyCode(), refundReference, "Refund of recharge " + reference + " through "
                            + label(r.gateway()) + ": " + refund.reason(), r.gateway().code(),
                    Map.of("recharge", reference, "gatewayRefund", gatewayRefundId)));
            RechargeStatus next = total.compareTo(r.amount()) == 0 ? RechargeStatus.REFUNDED : RechargeStatus.PAID;
            recharges.refunded(tenant, reference, total.amount(), next, clock.instant());
            refunds.applied(tenant, refundReference, gatewayRefundId, clock.instant());
            audit.record(AuditEntry.of("payments.recharge.refunded", tenant, reference,
                    Map.of("refunded", r.refunded().toPlainString()), Map.of("refunded", total.toPlainString(),
                            "refund", refund.amount().toPlainString(), "status", next.code(),
                            "reason", refund.reason())));
            events.publishEvent(new RechargeRefunded(tenant, slug(tenant), reference, r.gateway(), r.amount(),
                    refundReference, refund.amount(), total, next, clock.instant()));
        });
    }

    private String slug(TenantId tenant) {
        return tenants.require(tenant).slug();
    }

    static String label(Gateway gateway) {
        return switch (gateway) {
            case STRIPE -> "Stripe";
            case PAYPAL -> "PayPal";
            case PAYSTACK -> "Paystack";
            case SANDBOX -> "the sandbox gateway";
        };
    }
}
