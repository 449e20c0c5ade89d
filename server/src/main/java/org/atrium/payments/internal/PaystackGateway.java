package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Paystack: {@code POST /transaction/initialize} with our reference (as {@code rch-…}: Paystack allows no
 * underscore) and the amount in minor units, {@code GET /transaction/verify/{reference}} to confirm; webhooks are
 * the hex HMAC-SHA512 of the raw body with the secret key in {@code x-paystack-signature}, compared in constant
 * time. Paystack events carry no id of their own: the event's is its type and the transaction's (or refund's) id.
 */
@Component
class PaystackGateway implements PaymentGateway {

    private final GatewayHttp http;
    private final PaymentsSettings settings;
    private final ObjectMapper json;

    PaystackGateway(GatewayHttp http, PaymentsSettings settings, ObjectMapper json) {
        this.http = http;
        this.settings = settings;
        this.json = json;
    }

    @Override
    public Gateway name() {
        return Gateway.PAYSTACK;
    }

    @Override
    public boolean isConfigured(GatewayCredentials credentials) {
        return GatewayCredentials.present(credentials.paystackSecretKey());
    }

    static String paystackReference(String reference) {
        return reference.replace('_', '-');
    }

    @Override
    public Checkout startCheckout(GatewayCredentials credentials, CheckoutRequest request) {
        if (request.payerEmail() == null) {
            throw new GatewayRefused("Paystack needs the payer's email: the tenant has no contact or billing email");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", request.payerEmail());
        body.put("amount", String.valueOf(StripeEvents.toMinor(request.amount())));
        body.put("currency", request.amount().currencyCode());
        body.put("reference", paystackReference(request.reference()));
        body.put("callback_url", request.successUrl());
        body.put("metadata", Map.of("atrium_reference", request.reference(), "cancel_action", request.cancelUrl()));
        JsonNode answer = http.send("Paystack", "POST", settings.paystackApiBase + "/transaction/initialize",
                auth(credentials), body);
        JsonNode data = answer.path("data");
        String url = StripeEvents.text(data, "authorization_url");
        String code = StripeEvents.text(data, "access_code");
        if (!answer.path("status").asBoolean(false) || url == null || code == null) {
            throw new GatewayRefused("Paystack did not initialize the transaction");
        }
        return new Checkout(code, url);
    }

    @Override
    public GatewayPayment lookUp(GatewayCredentials credentials, Recharge recharge, Map<String, String> parameters,
            @Nullable InboundEvent hint) {
        JsonNode answer;
        try {
            answer = http.send("Paystack", "GET", settings.paystackApiBase + "/transaction/verify/"
                    + paystackReference(recharge.reference()), auth(credentials), null);
        } catch (GatewayRefused e) {
            // 400/404: Paystack has no such transaction (the payer never got to pay).
            return new GatewayPayment(GatewayPayment.Outcome.PENDING, null, null, null);
        }
        JsonNode data = answer.path("data");
        String status = StripeEvents.text(data, "status");
        String currency = StripeEvents.text(data, "currency");
        Money amount = currency == null || !data.has("amount") ? null
                : StripeEvents.fromMinor(new BigDecimal(data.path("amount").asString()).longValueExact(), currency);
        GatewayPayment.Outcome outcome = switch (status == null ? "" : status) {
            case "success" -> GatewayPayment.Outcome.SUCCEEDED;
            case "failed", "reversed" -> GatewayPayment.Outcome.FAILED;
            default -> GatewayPayment.Outcome.PENDING; // ongoing, pending, abandoned (payer may still pay)
        };
        String id = data.path("id").isMissingNode() || data.path("id").isNull() ? null : data.path("id").asString();
        return new GatewayPayment(outcome, StripeEvents.text(data, "reference"), amount, id);
    }

    @Override
    public InboundEvent verify(GatewayCredentials credentials, Map<String, String> headers, byte[] body) {
        String signature = headers.get("x-paystack-signature");
        if (signature == null || signature.isBlank()) {
            throw new WebhookRejected("missing_signature", "No x-paystack-signature header");
        }
        if (!GatewayCredentials.present(credentials.paystackSecretKey())) {
            throw new WebhookRejected("bad_signature", "No Paystack secret key is configured");
        }
        byte[] expected = HexFormat.of().formatHex(hmacSha512(credentials.paystackSecretKey(), body))
                .getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.strip().toLowerCase(Locale.ROOT)
                .getBytes(StandardCharsets.US_ASCII))) {
            throw new WebhookRejected("bad_signature", "The x-paystack-signature does not match the body");
        }
        return parse(body);
    }

    @Override
    public InboundEvent parse(byte[] body) {
        JsonNode event = StripeEvents.read(json, body);
        String type = StripeEvents.text(event, "event");
        JsonNode data = event.path("data");
        String objectId = data.path("id").isMissingNode() ? null : data.path("id").asString();
        if (type == null || objectId == null) {
            throw new WebhookRejected("malformed", "The event has no type or data.id");
        }
        String id = type + ":" + objectId;
        return switch (type) {
            case "charge.success" -> new InboundEvent(id, type, InboundEvent.Kind.PAYMENT_CHANGED,
                    StripeEvents.text(data, "reference"), null, null);
            case "refund.processed" -> {
                String currency = StripeEvents.text(data, "currency");
                String amount = data.path("amount").asString();
                yield currency == null || amount.isEmpty() ? new InboundEvent(id, type, InboundEvent.Kind.IGNORED,
                        null, null, null)
                        : new InboundEvent(id, type, InboundEvent.Kind.REFUNDED,
                                StripeEvents.text(data, "transaction_reference"), objectId,
                                StripeEvents.fromMinor(new BigDecimal(amount).longValueExact(), currency));
            }
            default -> new InboundEvent(id, type, InboundEvent.Kind.IGNORED, null, null, null);
        };
    }

    @Override
    public @Nullable String referenceHint(byte[] body) {
        try {
            JsonNode data = json.readTree(body).path("data");
            String ref = StripeEvents.text(data, "reference");
            return ref != null ? ref : StripeEvents.text(data, "transaction_reference");
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String refund(GatewayCredentials credentials, Recharge recharge, Money amount, String idempotencyKey) {
        JsonNode answer = http.send("Paystack", "POST", settings.paystackApiBase + "/refund", auth(credentials),
                Map.of("transaction", paystackReference(recharge.reference()),
                        "amount", String.valueOf(StripeEvents.toMinor(amount)),
                        "merchant_note", "Atrium refund " + idempotencyKey));
        JsonNode id = answer.path("data").path("id");
        if (id.isMissingNode() || id.isNull()) {
            throw new GatewayRefused("Paystack did not return a refund id");
        }
        return id.asString();
    }

    private static Map<String, String> auth(GatewayCredentials credentials) {
        return Map.of("Authorization", "Bearer " + credentials.paystackSecretKey());
    }

    private static byte[] hmacSha512(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA512");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
            return mac.doFinal(body);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
