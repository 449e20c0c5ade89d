package org.atrium.payments.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * PayPal Orders v2 over plain HTTP: an OAuth client-credentials token, an order whose
 * {@code purchase_units[0].custom_id} is our reference, the payer sent to the approve link, the capture on return
 * (or when a webhook or a retry finds the order approved). Webhooks are verified by PayPal itself through
 * {@code POST /v1/notifications/verify-webhook-signature} with the configured webhook id.
 */
@Component
class PayPalGateway implements PaymentGateway {

    private record Token(String value, Instant expires) {
    }

    private final GatewayHttp http;
    private final PaymentsSettings settings;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    PayPalGateway(GatewayHttp http, PaymentsSettings settings, ObjectMapper json, Clock clock) {
        this.http = http;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Gateway name() {
        return Gateway.PAYPAL;
    }

    @Override
    public boolean isConfigured(GatewayCredentials credentials) {
        return GatewayCredentials.present(credentials.paypalClientId())
                && GatewayCredentials.present(credentials.paypalSecret());
    }

    private Map<String, String> auth(GatewayCredentials credentials, @Nullable String requestId) {
        String key = credentials.paypalClientId();
        Token token = tokens.get(key);
        if (token == null || token.expires().isBefore(clock.instant())) {
            String basic = Base64.getEncoder().encodeToString((credentials.paypalClientId() + ":"
                    + credentials.paypalSecret()).getBytes(StandardCharsets.UTF_8));
            JsonNode answer = http.send("PayPal", "POST", settings.paypalApiBase + "/v1/oauth2/token",
                    Map.of("Authorization", "Basic " + basic, "Content-Type", "application/x-www-form-urlencoded"),
                    "grant_type=client_credentials");
            String value = StripeEvents.text(answer, "access_token");
            if (value == null) {
                throw new GatewayRefused("PayPal gave no access token");
            }
            long seconds = answer.path("expires_in").asLong(300);
            token = new Token(value, clock.instant().plusSeconds(Math.max(0, seconds - 60)));
            tokens.put(key, token);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token.value());
        if (requestId != null) {
            headers.put("PayPal-Request-Id", requestId);
        }
        return headers;
    }

    @Override
    public Checkout startCheckout(GatewayCredentials credentials, CheckoutRequest request) {
        Map<String, Object> unit = new LinkedHashMap<>();
        unit.put("reference_id", request.reference());
        unit.put("custom_id", request.reference());
        unit.put("description", "Wallet recharge for " + request.tenantName());
        unit.put("amount", amount(request.amount()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("intent", "CAPTURE");
        body.put("purchase_units", List.of(unit));
        body.put("application_context", Map.of("return_url", request.successUrl(), "cancel_url", request.cancelUrl(),
                "user_action", "PAY_NOW", "shipping_preference", "NO_SHIPPING"));
        JsonNode order = http.send("PayPal", "POST", settings.paypalApiBase + "/v2/checkout/orders",
                auth(credentials, request.reference()), body);
        String id = StripeEvents.text(order, "id");
        String approve = null;
        for (JsonNode link : order.path("links")) {
            String rel = StripeEvents.text(link, "rel");
            if ("approve".equals(rel) || "payer-action".equals(rel)) {
                approve = StripeEvents.text(link, "href");
            }
        }
        if (id == null || approve == null) {
            throw new GatewayRefused("PayPal's order has no id or approve link");
        }
        return new Checkout(id, approve);
    }

    @Override
    public GatewayPayment lookUp(GatewayCredentials credentials, Recharge recharge, Map<String, String> parameters,
            @Nullable InboundEvent hint) {
        String orderId = recharge.gatewaySessionId();
        if (orderId == null) {
            return new GatewayPayment(GatewayPayment.Outcome.FAILED, null, null, null);
        }
        JsonNode order = http.send("PayPal", "GET", settings.paypalApiBase + "/v2/checkout/orders/" + orderId,
                auth(credentials, null), null);
        String status = String.valueOf(StripeEvents.text(order, "status"));
        if (status.equals("APPROVED")) {
            order = http.send("PayPal", "POST", settings.paypalApiBase + "/v2/checkout/orders/" + orderId
                    + "/capture", auth(credentials, recharge.reference() + ":capture"), Map.of());
            status = String.valueOf(StripeEvents.text(order, "status"));
        }
        if (status.equals("VOIDED")) {
            return new GatewayPayment(GatewayPayment.Outcome.FAILED, null, null, null);
        }
        if (!status.equals("COMPLETED")) {
            return new GatewayPayment(GatewayPayment.Outcome.PENDING, null, null, null);
        }
        JsonNode unit = order.path("purchase_units").path(0);
        JsonNode capture = unit.path("payments").path("captures").path(0);
        String captureStatus = String.valueOf(StripeEvents.text(capture, "status"));
        String custom = StripeEvents.text(capture, "custom_id");
        if (custom == null) {
            custom = StripeEvents.text(unit, "custom_id");
        }
        Money amount = money(capture.path("amount"));
        GatewayPayment.Outcome outcome = switch (captureStatus) {
            // A capture refunded since (at PayPal, before its events reached Atrium) was paid all the same: it is
            // credited, and the refund's own event takes the money back.
            case "COMPLETED", "REFUNDED", "PARTIALLY_REFUNDED" -> GatewayPayment.Outcome.SUCCEEDED;
            case "DECLINED", "FAILED" -> GatewayPayment.Outcome.FAILED;
            default -> GatewayPayment.Outcome.PENDING;
        };
        return new GatewayPayment(outcome, custom, amount, StripeEvents.text(capture, "id"));
    }

    @Override
    public InboundEvent verify(GatewayCredentials credentials, Map<String, String> headers, byte[] body) {
        String id = headers.get("paypal-transmission-id");
        String sig = headers.get("paypal-transmission-sig");
        if (id == null || sig == null || headers.get("paypal-transmission-time") == null
                || headers.get("paypal-cert-url") == null || headers.get("paypal-auth-algo") == null) {
            throw new WebhookRejected("missing_signature", "The PAYPAL-TRANSMISSION-* headers are missing");
        }
        if (!isConfigured(credentials) || !GatewayCredentials.present(credentials.paypalWebhookId())) {
            throw new WebhookRejected("bad_signature", "No PayPal webhook id is configured to verify the event");
        }
        JsonNode event = StripeEvents.read(json, body);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("auth_algo", headers.get("paypal-auth-algo"));
        request.put("cert_url", headers.get("paypal-cert-url"));
        request.put("transmission_id", id);
        request.put("transmission_sig", sig);
        request.put("transmission_time", headers.get("paypal-transmission-time"));
        request.put("webhook_id", credentials.paypalWebhookId());
        request.put("webhook_event", event);
        JsonNode answer;
        try {
            answer = http.send("PayPal", "POST", settings.paypalApiBase + "/v1/notifications/verify-webhook-signature",
                    auth(credentials, null), request);
        } catch (GatewayRefused e) {
            throw new WebhookRejected("bad_signature", "PayPal refused to verify the event: " + e.getMessage());
        }
        if (!"SUCCESS".equals(StripeEvents.text(answer, "verification_status"))) {
            throw new WebhookRejected("bad_signature", "PayPal did not verify the event's signature");
        }
        return parse(body);
    }

    @Override
    public InboundEvent parse(byte[] body) {
        JsonNode event = StripeEvents.read(json, body);
        String id = StripeEvents.text(event, "id");
        String type = StripeEvents.text(event, "event_type");
        if (id == null || type == null) {
            throw new WebhookRejected("malformed", "The event has no id or event_type");
        }
        JsonNode resource = event.path("resource");
        String reference = StripeEvents.text(resource, "custom_id");
        return switch (type) {
            case "PAYMENT.CAPTURE.COMPLETED" -> new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_CHANGED,
                    reference, null, null);
            case "PAYMENT.CAPTURE.DENIED" -> new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_FAILED, reference,
                    null, null);
            case "PAYMENT.CAPTURE.REFUNDED" -> {
                Money refunded = money(resource.path("amount"));
                yield refunded == null ? new InboundEvent(id, type, InboundEvent.Kind.IGNORED, reference, null, null)
                        : new InboundEvent(id, type, InboundEvent.Kind.REFUNDED, reference,
                                StripeEvents.text(resource, "id"), refunded);
            }
            default -> new InboundEvent(id, type, InboundEvent.Kind.IGNORED, null, null, null);
        };
    }

    @Override
    public @Nullable String referenceHint(byte[] body) {
        try {
            return StripeEvents.text(json.readTree(body).path("resource"), "custom_id");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String refund(GatewayCredentials credentials, Recharge recharge, Money amount, String idempotencyKey) {
        if (recharge.gatewayPaymentId() == null) {
            throw new GatewayRefused("Recharge " + recharge.reference() + " has no PayPal capture to refund");
        }
        JsonNode refund = http.send("PayPal", "POST", settings.paypalApiBase + "/v2/payments/captures/"
                + recharge.gatewayPaymentId() + "/refund", auth(credentials, idempotencyKey),
                Map.of("amount", amount(amount), "custom_id", recharge.reference()));
        String id = StripeEvents.text(refund, "id");
        if (id == null) {
            throw new GatewayRefused("PayPal did not return a refund id");
        }
        return id;
    }

    private static Map<String, String> amount(Money money) {
        return Map.of("currency_code", money.currencyCode(), "value", money.toPlainString());
    }

    private static @Nullable Money money(JsonNode amount) {
        String currency = StripeEvents.text(amount, "currency_code");
        String value = StripeEvents.text(amount, "value");
        if (currency == null || value == null) {
            return null;
        }
        try {
            return Money.of(value, currency);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
