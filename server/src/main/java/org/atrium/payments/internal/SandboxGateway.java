package org.atrium.payments.internal;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.payments.Gateway;
import org.atrium.payments.PaymentWebhooks;
import org.atrium.payments.Recharge;
import org.atrium.payments.SandboxCheckout;
import org.atrium.platform.Money;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import tools.jackson.databind.ObjectMapper;

/**
 * Atrium's own gateway, for running without a gateway account: a hosted checkout page (Pay / Decline / Pay later)
 * whose webhooks have Stripe's shapes ({@code checkout.session.*}, {@code charge.refunded}) and are signed exactly as
 * Stripe signs them, with a secret of its own. Its "API" (the read-back) is its own table of sessions.
 */
@Component
class SandboxGateway implements PaymentGateway, SandboxCheckout {

    private final SandboxSessions sessions;
    private final SandboxSecret secret;
    private final PaymentsSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final ObjectProvider<PaymentWebhooks> webhooks;

    SandboxGateway(SandboxSessions sessions, SandboxSecret secret, PaymentsSettings settings, ObjectMapper json,
            Clock clock, ObjectProvider<PaymentWebhooks> webhooks) {
        this.sessions = sessions;
        this.secret = secret;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.webhooks = webhooks;
    }

    @Override
    public Gateway name() {
        return Gateway.SANDBOX;
    }

    @Override
    public boolean isConfigured(GatewayCredentials credentials) {
        return settings.sandboxEnabled();
    }

    @Override
    public Checkout startCheckout(GatewayCredentials credentials, CheckoutRequest request) {
        String id = "cs_sandbox_" + SandboxSessions.token();
        sessions.insert(new SandboxSessions.Session(id, RechargeReferences.tenantOf(request.reference()),
                request.reference(), request.amount(), request.tenantName(), "open", null,
                Money.zero(request.amount().currency()), request.successUrl(), request.cancelUrl()), clock.instant());
        return new Checkout(id, settings.url("/sandbox/checkout/" + id));
    }

    @Override
    public GatewayPayment lookUp(GatewayCredentials credentials, Recharge recharge, Map<String, String> parameters,
            @Nullable InboundEvent hint) {
        Optional<SandboxSessions.Session> found = sessions.byReference(recharge.tenantId(), recharge.reference());
        if (!settings.sandboxEnabled()) {
            return new GatewayPayment(GatewayPayment.Outcome.PENDING, null, null, null);
        }
        if (found.isEmpty()) {
            return new GatewayPayment(GatewayPayment.Outcome.FAILED, null, null, null);
        }
        SandboxSessions.Session s = found.get();
        GatewayPayment.Outcome outcome = switch (s.status()) {
            case "paid" -> GatewayPayment.Outcome.SUCCEEDED;
            case "declined" -> GatewayPayment.Outcome.FAILED;
            case "expired" -> GatewayPayment.Outcome.EXPIRED;
            default -> GatewayPayment.Outcome.PENDING;
        };
        return new GatewayPayment(outcome, s.reference(), s.amount(), s.paymentId());
    }

    @Override
    public InboundEvent verify(GatewayCredentials credentials, Map<String, String> headers, byte[] body) {
        StripeEvents.verify(headers, body, secret.get(), settings.webhookTolerance, clock);
        return StripeEvents.parse(json, body);
    }

    @Override
    public InboundEvent parse(byte[] body) {
        return StripeEvents.parse(json, body);
    }

    @Override
    public @Nullable String referenceHint(byte[] body) {
        return StripeEvents.referenceHint(json, body);
    }

    @Override
    public String refund(GatewayCredentials credentials, Recharge recharge, Money amount, String idempotencyKey) {
        SandboxSessions.Session s = sessions.byReference(recharge.tenantId(), recharge.reference())
                .orElseThrow(() -> new GatewayRefused("The sandbox has no session for " + recharge.reference()));
        String refundId = "re_sandbox_" + Integer.toHexString(idempotencyKey.hashCode()) + SandboxSessions.token()
                .substring(0, 16);
        if (!sessions.refund(s.id(), amount.amount(), clock.instant())) {
            throw new GatewayRefused("The sandbox refuses to refund " + amount + " of " + recharge.reference());
        }
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("id", refundId);
        refund.put("object", "refund");
        refund.put("amount", StripeEvents.toMinor(amount));
        refund.put("currency", amount.currencyCode().toLowerCase(java.util.Locale.ROOT));
        refund.put("metadata", Map.of("atrium_refund", idempotencyKey));
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("id", "ch_sandbox_" + s.id().substring(11));
        charge.put("object", "charge");
        charge.put("payment_intent", s.paymentId());
        charge.put("currency", amount.currencyCode().toLowerCase(java.util.Locale.ROOT));
        charge.put("metadata", Map.of("atrium_reference", s.reference()));
        charge.put("refunds", Map.of("object", "list", "data", List.of(refund)));
        deliver("charge.refunded", charge);
        return refundId;
    }

    // --- the hosted page ---

    @Override
    public Optional<Page> page(String sessionId) {
        return sessions.find(sessionId)
                .map(s -> new Page(s.id(), s.reference(), s.tenantName(), s.amount(), s.status()));
    }

    @Override
    public String act(String sessionId, Action action) {
        if (!settings.sandboxEnabled()) {
            // Switched off after the session was made: its Pay button must not credit a wallet any more.
            throw ProblemException.conflict("gateway-not-configured", "The sandbox gateway is off");
        }
        SandboxSessions.Session s = sessions.find(sessionId)
                .orElseThrow(() -> ProblemException.notFound("Sandbox checkout session", sessionId));
        String to;
        String event;
        String[] from;
        String paymentStatus;
        switch (action) {
            case PAY -> { to = "paid"; from = new String[] { "open" }; event = "checkout.session.completed";
                paymentStatus = "paid"; }
            case DECLINE -> { to = "declined"; from = new String[] { "open" };
                event = "checkout.session.async_payment_failed"; paymentStatus = "unpaid"; }
            case PAY_LATER -> { to = "processing"; from = new String[] { "open" };
                event = "checkout.session.completed"; paymentStatus = "unpaid"; }
            case SETTLE -> { to = "paid"; from = new String[] { "processing" };
                event = "checkout.session.async_payment_succeeded"; paymentStatus = "paid"; }
            case FAIL -> { to = "declined"; from = new String[] { "processing" };
                event = "checkout.session.async_payment_failed"; paymentStatus = "unpaid"; }
            case EXPIRE -> { to = "expired"; from = new String[] { "open" }; event = "checkout.session.expired";
                paymentStatus = "unpaid"; }
            default -> throw new IllegalArgumentException(action.name());
        }
        if (!sessions.move(sessionId, to, clock.instant(), from)) {
            throw ProblemException.illegalTransition("Sandbox checkout session " + sessionId, s.status(), to);
        }
        SandboxSessions.Session now = sessions.find(sessionId).orElseThrow();
        deliver(event, sessionObject(now, paymentStatus));
        return action == Action.DECLINE || action == Action.EXPIRE ? now.cancelUrl() : now.successUrl();
    }

    /** The webhook the sandbox sends, with Stripe's envelope and signature. */
    byte[] event(String type, Map<String, Object> object) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", "evt_sandbox_" + SandboxSessions.token());
        event.put("object", "event");
        event.put("api_version", "2026-11-17.sandbox");
        event.put("created", clock.instant().getEpochSecond());
        event.put("type", type);
        event.put("livemode", false);
        event.put("data", Map.of("object", object));
        return json.writeValueAsBytes(event);
    }

    private void deliver(String type, Map<String, Object> object) {
        byte[] body = event(type, object);
        String signature = StripeEvents.sign(body, secret.get(), clock.instant().getEpochSecond());
        webhooks.getObject().receive(Gateway.SANDBOX, Map.of("stripe-signature", signature,
                "content-type", "application/json"), body);
    }

    private static Map<String, Object> sessionObject(SandboxSessions.Session s, String paymentStatus) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", s.id());
        session.put("object", "checkout.session");
        session.put("client_reference_id", s.reference());
        session.put("amount_total", StripeEvents.toMinor(s.amount()));
        session.put("currency", s.amount().currencyCode().toLowerCase(java.util.Locale.ROOT));
        session.put("payment_status", paymentStatus);
        session.put("status", "expired".equals(s.status()) ? "expired" : "open".equals(s.status()) ? "open"
                : "complete");
        session.put("metadata", Map.of("atrium_reference", s.reference()));
        if (s.paymentId() != null) {
            session.put("payment_intent", s.paymentId());
        }
        return session;
    }
}
