package org.atrium.payments.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.payments.Gateway;
import org.atrium.payments.PaymentWebhooks;
import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeStatus;
import org.atrium.payments.WebhookEvent;
import org.atrium.platform.Ids;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inbound webhooks: verified with the gateway's own scheme, stored whatever the outcome, processed once per gateway
 * event id. Nothing is credited on the event's word: a payment event makes Atrium read the payment back from the
 * gateway.
 */
@Service
class WebhookInbox implements PaymentWebhooks {

    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    /** Headers worth keeping with the event (signatures and what identifies the sender); never Authorization. */
    private static final Set<String> KEPT = Set.of("content-type", "user-agent", "stripe-signature",
            "x-paystack-signature", "paypal-transmission-id", "paypal-transmission-time", "paypal-transmission-sig",
            "paypal-cert-url", "paypal-auth-algo", "x-request-id");

    private final GatewayDirectory gateways;
    private final WebhookEvents stored;
    private final RechargeService recharges;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AutoTopUpService autoTopUps;

    WebhookInbox(GatewayDirectory gateways, WebhookEvents stored, RechargeService recharges, AuditLog audit,
            Clock clock, TransactionTemplate tx, AutoTopUpService autoTopUps) {
        this.tx = tx;
        this.autoTopUps = autoTopUps;
        this.gateways = gateways;
        this.stored = stored;
        this.recharges = recharges;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public WebhookEvent receive(Gateway gateway, Map<String, String> headers, byte[] body) {
        UUID id = Ids.newId(clock);
        Map<String, String> kept = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (KEPT.contains(name)) {
                kept.put(name, value);
            }
        });
        PaymentGateway implementation = gateways.gateway(gateway);
        InboundEvent event = null;
        WebhookRejected rejected = null;
        try {
            for (GatewayCredentials credentials : gateways.webhookCandidates(gateway, body)) {
                try {
                    event = implementation.verify(credentials, headers, body);
                    break;
                } catch (WebhookRejected e) {
                    if (rejected == null) {
                        rejected = e;
                    }
                }
            }
        } catch (GatewayUnavailable e) {
            stored.insertRejected(id, gateway, kept, body, "unverified", "verification failed: " + e.getMessage(),
                    clock.instant());
            throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "gateway-unavailable",
                    "The gateway's verification service did not answer; send the event again later");
        }
        if (event == null) {
            WebhookRejected why = rejected != null ? rejected
                    : new WebhookRejected("bad_signature", "The signature does not match");
            stored.insertRejected(id, gateway, kept, body, why.verification(), why.getMessage(), clock.instant());
            // A security event: someone sent an unsigned, forged or replayed-too-late webhook.
            audit.record(AuditEntry.of("payments.webhook.rejected", null, gateway.code(), null,
                    Map.of("event", id.toString(), "verification", why.verification(), "detail", why.getMessage())));
            log.warn("Rejected a {} webhook ({}): {}", gateway.code(), why.verification(), why.getMessage());
            throw new ProblemException(HttpStatus.BAD_REQUEST, "webhook-signature", why.getMessage(),
                    Map.of("verification", why.verification()));
        }
        Optional<WebhookEvent> earlier = stored.byEventId(gateway, event.id());
        if (earlier.isPresent() && !"failed".equals(earlier.get().result())) {
            stored.countAttempt(gateway, event.id());
            return stored.find(earlier.get().id()).orElseThrow(); // a replay: already taken, no effect
        }
        return process(earlier.map(WebhookEvent::id).orElse(id), earlier.isEmpty(), gateway, event, kept, body);
    }

    @Override
    public PageResponse<WebhookEvent> list(PageRequest page, @Nullable Gateway gateway, @Nullable String result) {
        return stored.list(page, gateway, result);
    }

    @Override
    public WebhookEvent require(UUID id) {
        return stored.find(id).orElseThrow(() -> ProblemException.notFound("Webhook event", id.toString()));
    }

    @Override
    public WebhookEvent reprocess(UUID id) {
        WebhookEvent event = require(id);
        if (!"verified".equals(event.verification())) {
            throw ProblemException.conflict("webhook-not-verified", "Webhook event " + id + " was not verified ("
                    + event.verification() + "): it cannot be processed");
        }
        // Verified when it was received; its signature's timestamp is past the tolerance by now.
        InboundEvent parsed = gateways.gateway(event.gateway())
                .parse(event.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        audit.record(AuditEntry.of("payments.webhook.reprocessed", null, id.toString(), null,
                Map.of("gateway", event.gateway().code(), "eventId", String.valueOf(event.eventId()))));
        return process(event.id(), false, event.gateway(), parsed, Map.of(), new byte[0]);
    }

    /**
     * Processes a verified event: the gateway is asked first, outside any transaction; then the event is stored (or
     * its stored row locked), the recharge settled and the event's result written in one transaction, so that a
     * webhook costs one commit and the event is never marked processed without its effect (or the reverse). A
     * delivery racing this one waits on the event's unique id and then finds it taken.
     *
     * @param isNew whether to insert the event ({@code id} is then the new row's) or process the stored row {@code id}
     */
    private WebhookEvent process(UUID id, boolean isNew, Gateway gateway, InboundEvent event,
            Map<String, String> headers, byte[] body) {
        Prepared prepared;
        try {
            prepared = prepare(gateway, event);
        } catch (RuntimeException e) {
            return failed(id, isNew, gateway, event, headers, body, e);
        }
        try {
            return tx.execute(s -> {
                if (isNew ? !stored.insertVerified(id, gateway, event, headers, body, clock.instant())
                        : !stored.lock(id)) {
                    // Another delivery of the same event was stored first (and has committed, or we would wait).
                    return stored.byEventId(gateway, event.id()).orElseThrow();
                }
                Outcome outcome = apply(gateway, event, prepared);
                stored.finished(id, outcome.result(), outcome.detail(), clock.instant());
                return stored.find(id).orElseThrow();
            });
        } catch (RuntimeException e) {
            return failed(id, isNew, gateway, event, headers, body, e);
        }
    }

    private WebhookEvent failed(UUID id, boolean isNew, Gateway gateway, InboundEvent event,
            Map<String, String> headers, byte[] body, RuntimeException e) {
        log.error("Processing {} webhook {} ({}) failed", gateway.code(), event.id(), event.type(), e);
        tx.executeWithoutResult(s -> {
            if (!isNew || stored.insertVerified(id, gateway, event, headers, body, clock.instant())) {
                stored.finished(id, "failed", e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
            }
        });
        throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "The event was stored but"
                + " could not be processed; send it again or have staff re-process " + id);
    }

    private record Outcome(String result, @Nullable String detail) {
    }

    /** The recharge an event names and, when it is not settled yet, what the gateway says about its payment. */
    private record Prepared(@Nullable Recharge recharge, @Nullable String skipped,
            RechargeService.@Nullable LookUp answer) {
    }

    private Prepared prepare(Gateway gateway, InboundEvent event) {
        if (event.kind() == InboundEvent.Kind.IGNORED) {
            return new Prepared(null, "event type " + event.type() + " is not acted on", null);
        }
        if (event.kind() == InboundEvent.Kind.CARD_SETUP) {
            // Saving the card reads the session back from Stripe, and is idempotent: done before the transaction.
            TenantId tenant = tenantIdOf(event.reference());
            if (tenant == null || event.objectId() == null) {
                return new Prepared(null, "card setup for no tenant of Atrium", null);
            }
            return new Prepared(null, autoTopUps.saveCard(tenant, event.objectId())
                    ? "card saved for auto top-up" : "card setup not complete", null);
        }
        String reference = event.reference() == null ? null : RechargeReferences.normalise(event.reference());
        TenantId tenant = RechargeReferences.tenantOf(reference);
        Optional<Recharge> found = tenant == null ? Optional.empty() : recharges.find(tenant, reference);
        if (found.isEmpty()) {
            log.info("{} webhook {} names no recharge of Atrium ({})", gateway.code(), event.id(), reference);
            return new Prepared(null, "no recharge " + reference, null);
        }
        Recharge recharge = found.get();
        if (recharge.gateway() != gateway) {
            return new Prepared(null, "recharge " + reference + " went through " + recharge.gateway().code(), null);
        }
        return new Prepared(recharge, null, recharge.status().isUnsettled()
                ? recharges.lookUp(recharge, Map.of(), event.kind() == InboundEvent.Kind.REFUNDED ? null : event)
                : null);
    }

    private static @Nullable TenantId tenantIdOf(@Nullable String value) {
        try {
            return value == null ? null : TenantId.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private Outcome apply(Gateway gateway, InboundEvent event, Prepared prepared) {
        Recharge recharge = prepared.recharge();
        if (event.kind() == InboundEvent.Kind.CARD_SETUP) {
            return new Outcome("processed", prepared.skipped());
        }
        if (recharge == null) {
            log.info("Ignored {} webhook {} of type {}: {}", gateway.code(), event.id(), event.type(),
                    prepared.skipped());
            return new Outcome("ignored", prepared.skipped());
        }
        if (event.kind() == InboundEvent.Kind.REFUNDED) {
            recharges.gatewayRefunded(recharge, event.refundId(), event.refund(), prepared.answer());
            return new Outcome("processed", null);
        }
        Recharge after = prepared.answer() == null ? recharges.confirm(recharge, Map.of(), event)
                : recharges.apply(recharge, prepared.answer());
        if (after.status() == RechargeStatus.FLAGGED) {
            return new Outcome("flagged", after.flagReason());
        }
        if (after.nextConfirmAt() != null) {
            return new Outcome("retrying", "the gateway did not answer; confirmation retried at "
                    + after.nextConfirmAt());
        }
        return new Outcome("processed", "recharge " + after.status().code());
    }

    static List<String> results() {
        return List.of("received", "processed", "ignored", "flagged", "retrying", "rejected", "failed");
    }
}
