package org.atrium.payments;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.atrium.support.Api;

/** Tenants to recharge, and webhooks signed the way the gateways sign them (computed here, not by Atrium's code). */
final class PaymentFixtures {

    private PaymentFixtures() {
    }

    record CreatedTenant(UUID id, String slug) {
    }

    static CreatedTenant newTenant(Api api, String prefix) {
        String slug = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = api.post("/api/v1/tenants", Map.of("slug", slug, "name", "Tenant " + slug));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not create tenant: " + created);
        }
        return new CreatedTenant(UUID.fromString(created.json().get("id").asString()), slug);
    }

    /** Stripe's {@code Stripe-Signature}: t=<seconds>,v1=hex(HMAC-SHA256(secret, "<t>.<body>")). */
    static String stripeSignature(String body, String secret, long timestamp) {
        return "t=" + timestamp + ",v1=" + hmac("HmacSHA256", secret, timestamp + "." + body);
    }

    /** Paystack's {@code x-paystack-signature}: hex(HMAC-SHA512(secret key, raw body)). */
    static String paystackSignature(String body, String secretKey) {
        return hmac("HmacSHA512", secretKey, body);
    }

    static String hmac(String algorithm, String secret, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Stripe Checkout Session event as Stripe sends it (only the fields that matter here). */
    static String sessionEvent(String eventId, String type, String sessionId, String reference, long amountMinor,
            String currency, String paymentStatus, String apiVersion) {
        return """
                {"id":"%s","object":"event","api_version":"%s","created":1764600000,"livemode":false,"type":"%s",\
                "data":{"object":{"id":"%s","object":"checkout.session","client_reference_id":"%s",\
                "amount_total":%d,"currency":"%s","payment_status":"%s","status":"complete",\
                "metadata":{"atrium_reference":"%s"}}}}"""
                .formatted(eventId, apiVersion, type, sessionId, reference, amountMinor, currency, paymentStatus,
                        reference);
    }
}
