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

    WebhookInbox(GatewayDirectory gateways, WebhookEvents stored, RechargeService recharges, AuditLog audit,
            Clock clock) {
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
        if (!stored.insertVerified(id, gateway, event, kept, body, clock.instant())) {
            WebhookEvent first = stored.byEventId(gateway, event.id()).orElseThrow();
            if (!"failed".equals(first.result())) {
                return first; // a replay: already taken, no effect
            }
            return process(first.id(), gateway, event);
        }
        return process(id, gateway, event);
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
        return process(event.id(), event.gateway(), parsed);
    }

    private WebhookEvent process(UUID id, Gateway gateway, InboundEvent event) {
        String result;
        String detail = null;
        try {
            Outcome outcome = apply(gateway, event);
            result = outcome.result();
            detail = outcome.detail();
        } catch (RuntimeException e) {
            log.error("Processing {} webhook {} ({}) failed", gateway.code(), event.id(), event.type(), e);
            stored.finished(id, "failed", e.getClass().getSimpleName() + ": " + e.getMessage(), clock.instant());
            throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "The event was stored but"
                    + " could not be processed; send it again or have staff re-process " + id);
        }
        stored.finished(id, result, detail, clock.instant());
        return stored.find(id).orElseThrow();
    }

    private record Outcome(String result, @Nullable String detail) {
    }

    private Outcome apply(Gateway gateway, InboundEvent event) {
        if (event.kind() == InboundEvent.Kind.IGNORED) {
            log.info("Ignored {} webhook {} of type {}", gateway.code(), event.id(), event.type());
            return new Outcome("ignored", "event type " + event.type() + " is not acted on");
        }
        String reference = event.reference() == null ? null : RechargeReferences.normalise(event.reference());
        TenantId tenant = RechargeReferences.tenantOf(reference);
        Optional<Recharge> found = tenant == null ? Optional.empty() : recharges.find(tenant, reference);
        if (found.isEmpty()) {
            log.info("{} webhook {} names no recharge of Atrium ({})", gateway.code(), event.id(), reference);
            return new Outcome("ignored", "no recharge " + reference);
        }
        Recharge recharge = found.get();
        if (recharge.gateway() != gateway) {
            return new Outcome("ignored", "recharge " + reference + " went through " + recharge.gateway().code());
        }
        if (event.kind() == InboundEvent.Kind.REFUNDED) {
            recharges.gatewayRefunded(recharge, event.refundId(), event.refund());
            return new Outcome("processed", null);
        }
        Recharge after = recharges.confirm(recharge, Map.of(), event);
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
