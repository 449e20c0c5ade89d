package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The payments configuration from the environment (see the README's configuration table). */
@Component
class PaymentsSettings {

    final URI publicUrl;
    final BigDecimal rechargeMin;
    final BigDecimal rechargeMax;
    final String sandboxGateway;
    final boolean sandboxMode;
    final boolean embeddedDatabase;
    final String stripeSecretKey;
    final String stripeWebhookSecret;
    final String stripeApiBase;
    final String paypalClientId;
    final String paypalSecret;
    final String paypalWebhookId;
    final String paypalApiBase;
    final String paystackSecretKey;
    final String paystackApiBase;
    final Duration webhookTolerance;
    final Duration gatewayTimeout;
    final Duration retryInitial;
    final Duration retryMax;

    PaymentsSettings(@Value("${atrium.public-url:http://localhost:8080}") String publicUrl,
            @Value("${atrium.payments.recharge-min:5.00}") BigDecimal rechargeMin,
            @Value("${atrium.payments.recharge-max:10000.00}") BigDecimal rechargeMax,
            @Value("${atrium.payments.sandbox-gateway:auto}") String sandboxGateway,
            @Value("${atrium.sandbox:false}") boolean sandboxMode,
            @Value("${spring.datasource.url:}") String databaseUrl,
            @Value("${atrium.payments.stripe.secret-key:}") String stripeSecretKey,
            @Value("${atrium.payments.stripe.webhook-secret:}") String stripeWebhookSecret,
            @Value("${atrium.payments.stripe.api-base:https://api.stripe.com}") String stripeApiBase,
            @Value("${atrium.payments.paypal.client-id:}") String paypalClientId,
            @Value("${atrium.payments.paypal.secret:}") String paypalSecret,
            @Value("${atrium.payments.paypal.webhook-id:}") String paypalWebhookId,
            @Value("${atrium.payments.paypal.mode:sandbox}") String paypalMode,
            @Value("${atrium.payments.paypal.api-base:}") String paypalApiBase,
            @Value("${atrium.payments.paystack.secret-key:}") String paystackSecretKey,
            @Value("${atrium.payments.paystack.api-base:https://api.paystack.co}") String paystackApiBase,
            @Value("${atrium.payments.webhook-tolerance:5m}") Duration webhookTolerance,
            @Value("${atrium.payments.gateway-timeout:10s}") Duration gatewayTimeout,
            @Value("${atrium.payments.confirm-retry.initial:30s}") Duration retryInitial,
            @Value("${atrium.payments.confirm-retry.max:1h}") Duration retryMax) {
        this.publicUrl = URI.create(publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1)
                : publicUrl);
        if (this.publicUrl.getHost() == null) {
            throw new IllegalStateException("ATRIUM_PUBLIC_URL must be an absolute http(s) URL, got " + publicUrl);
        }
        if (rechargeMin.signum() <= 0 || rechargeMax.compareTo(rechargeMin) < 0) {
            throw new IllegalStateException("ATRIUM_RECHARGE_MIN must be positive and ATRIUM_RECHARGE_MAX at least"
                    + " as large");
        }
        this.rechargeMin = rechargeMin;
        this.rechargeMax = rechargeMax;
        this.sandboxGateway = sandboxGateway.strip().toLowerCase(Locale.ROOT);
        if (!this.sandboxGateway.matches("auto|on|off")) {
            throw new IllegalStateException("ATRIUM_SANDBOX_GATEWAY must be auto, on or off");
        }
        this.sandboxMode = sandboxMode;
        this.embeddedDatabase = databaseUrl.isBlank();
        this.stripeSecretKey = stripeSecretKey;
        this.stripeWebhookSecret = stripeWebhookSecret;
        this.stripeApiBase = trim(stripeApiBase);
        this.paypalClientId = paypalClientId;
        this.paypalSecret = paypalSecret;
        this.paypalWebhookId = paypalWebhookId;
        String mode = paypalMode.strip().toLowerCase(Locale.ROOT);
        if (!mode.equals("sandbox") && !mode.equals("live")) {
            throw new IllegalStateException("ATRIUM_PAYPAL_MODE must be sandbox or live");
        }
        this.paypalApiBase = !paypalApiBase.isBlank() ? trim(paypalApiBase)
                : mode.equals("live") ? "https://api-m.paypal.com" : "https://api-m.sandbox.paypal.com";
        this.paystackSecretKey = paystackSecretKey;
        this.paystackApiBase = trim(paystackApiBase);
        this.webhookTolerance = webhookTolerance;
        this.gatewayTimeout = gatewayTimeout;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
    }

    /** The global credentials; {@code sandboxSecret} is the sandbox gateway's signing secret. */
    GatewayCredentials global(String sandboxSecret) {
        return new GatewayCredentials(stripeSecretKey, stripeWebhookSecret, paypalClientId, paypalSecret,
                paypalWebhookId, paystackSecretKey, sandboxSecret, false);
    }

    boolean anyRealGatewayConfigured() {
        return !stripeSecretKey.isBlank() || !paypalClientId.isBlank() || !paystackSecretKey.isBlank();
    }

    /**
     * The sandbox gateway takes payments when switched on, or (auto) in sandbox mode, or on a development machine
     * (embedded database) with no real gateway configured. With an external database it stays off unless asked for:
     * it credits wallets without money changing hands.
     */
    boolean sandboxEnabled() {
        return switch (sandboxGateway) {
            case "on" -> true;
            case "off" -> false;
            default -> sandboxMode || (embeddedDatabase && !anyRealGatewayConfigured());
        };
    }

    String url(String path) {
        return publicUrl + path;
    }

    private static String trim(String base) {
        String b = base.strip();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }
}
