package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Stripe's webhook format, shared by the Stripe gateway and the sandbox gateway (which signs exactly like Stripe):
 * the {@code Stripe-Signature} header ({@code t=…,v1=…}, HMAC-SHA256 of {@code t.payload}) checked by the SDK's
 * verifier, and the event read as plain JSON, so that an event of any {@code api_version} is understood (only
 * {@code id}, {@code type} and a few fields of {@code data.object} are read; the payment itself is read back from
 * the API).
 */
final class StripeEvents {

    private StripeEvents() {
    }

    static void verify(Map<String, String> headers, byte[] body, @Nullable String secret, Duration tolerance,
            Clock clock) {
        String header = headers.get("stripe-signature");
        if (header == null || header.isBlank()) {
            throw new WebhookRejected("missing_signature", "No Stripe-Signature header");
        }
        if (secret == null || secret.isBlank()) {
            throw new WebhookRejected("bad_signature", "No webhook secret is configured to verify the signature");
        }
        try {
            Webhook.Signature.verifyHeader(new String(body, StandardCharsets.UTF_8), header, secret,
                    tolerance.toSeconds(), clock);
        } catch (SignatureVerificationException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.toLowerCase(Locale.ROOT).contains("tolerance")) {
                throw new WebhookRejected("stale_timestamp", "The signature's timestamp is outside the "
                        + tolerance.toMinutes() + "-minute tolerance");
            }
            throw new WebhookRejected("bad_signature", "The Stripe-Signature does not match the body");
        }
    }

    /** Stripe's signature header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body" with the secret>}. */
    static String sign(byte[] body, String secret, long timestamp) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "t=" + timestamp + ",v1=" + java.util.HexFormat.of().formatHex(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static InboundEvent parse(ObjectMapper json, byte[] body) {
        JsonNode event = read(json, body);
        String id = text(event, "id");
        String type = text(event, "type");
        if (id == null || type == null) {
            throw new WebhookRejected("malformed", "The event has no id or type");
        }
        JsonNode object = event.path("data").path("object");
        if (type.startsWith("checkout.session.") && "setup".equals(text(object, "mode"))) {
            return new InboundEvent(id, type, type.equals("checkout.session.completed") ? InboundEvent.Kind.CARD_SETUP
                    : InboundEvent.Kind.IGNORED, text(object, "client_reference_id"), null, null, text(object, "id"));
        }
        return switch (type) {
            // An auto top-up's off-session PaymentIntent, read back by its id (the recharge's session).
            case "payment_intent.succeeded", "payment_intent.payment_failed", "payment_intent.processing" ->
                new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_CHANGED,
                        text(object.path("metadata"), "atrium_reference"), null, null, text(object, "id"));
            case "checkout.session.completed", "checkout.session.async_payment_succeeded",
                    "checkout.session.expired" ->
                new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_CHANGED, sessionReference(object), null, null);
            case "checkout.session.async_payment_failed" ->
                new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_FAILED, sessionReference(object), null, null);
            case "charge.refunded" -> chargeRefunded(id, type, object);
            default -> new InboundEvent(id, type, InboundEvent.Kind.IGNORED, null, null, null);
        };
    }

    /** The reference a session body names, for choosing credentials before it is verified. */
    static @Nullable String referenceHint(ObjectMapper json, byte[] body) {
        try {
            JsonNode object = json.readTree(body).path("data").path("object");
            String ref = sessionReference(object);
            return ref != null ? ref : text(object.path("metadata"), "atrium_reference");
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static InboundEvent chargeRefunded(String id, String type, JsonNode charge) {
        String reference = text(charge.path("metadata"), "atrium_reference");
        JsonNode latest = charge.path("refunds").path("data").path(0);
        String currency = text(charge, "currency");
        String refundId = text(latest, "id");
        if (reference == null || refundId == null || currency == null || !latest.path("amount").isNumber()) {
            return new InboundEvent(id, type, InboundEvent.Kind.IGNORED, reference, null, null);
        }
        return new InboundEvent(id, type, InboundEvent.Kind.REFUNDED, reference, refundId,
                fromMinor(latest.path("amount").asLong(), currency));
    }

    private static @Nullable String sessionReference(JsonNode session) {
        String ref = text(session, "client_reference_id");
        return ref != null ? ref : text(session.path("metadata"), "atrium_reference");
    }

    static JsonNode read(ObjectMapper json, byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new WebhookRejected("malformed", "The body is not a JSON object");
            }
            return node;
        } catch (WebhookRejected e) {
            throw e;
        } catch (RuntimeException e) {
            throw new WebhookRejected("malformed", "The body is not JSON");
        }
    }

    static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isEmpty() ? value.asString() : null;
    }

    static Money fromMinor(long minor, String currency) {
        Currency c = Currency.getInstance(currency.toUpperCase(Locale.ROOT));
        return new Money(BigDecimal.valueOf(minor, Money.minorDigits(c)), c);
    }

    static long toMinor(Money money) {
        return money.amount().movePointRight(Money.minorDigits(money.currency())).longValueExact();
    }
}
