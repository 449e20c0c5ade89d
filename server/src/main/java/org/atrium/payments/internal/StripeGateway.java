package org.atrium.payments.internal;

import java.time.Clock;
import java.util.Locale;
import java.util.Map;

import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.platform.Money;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.StripeException;
import com.stripe.model.Refund;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.RefundCreateParams;
import com.stripe.param.checkout.SessionCreateParams;

import tools.jackson.databind.ObjectMapper;

/**
 * Stripe Checkout Sessions through the official SDK. The session carries {@code client_reference_id} and
 * {@code metadata[atrium_reference]} = the recharge reference (and the PaymentIntent the same metadata, so that its
 * charge's refunds name the recharge). Webhooks are verified with the SDK's signature verifier and read as plain
 * JSON; the session is then read back with {@code GET /v1/checkout/sessions/{id}}, so an event of any
 * {@code api_version} credits the same way.
 */
@Component
class StripeGateway implements PaymentGateway {

    private final PaymentsSettings settings;
    private final ObjectMapper json;
    private final Clock clock;

    StripeGateway(PaymentsSettings settings, ObjectMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Gateway name() {
        return Gateway.STRIPE;
    }

    @Override
    public boolean isConfigured(GatewayCredentials credentials) {
        return GatewayCredentials.present(credentials.stripeSecretKey());
    }

    StripeClient client(GatewayCredentials credentials) {
        int timeout = (int) settings.gatewayTimeout.toMillis();
        return StripeClient.builder().setApiKey(credentials.stripeSecretKey()).setApiBase(settings.stripeApiBase)
                .setConnectTimeout(timeout).setReadTimeout(timeout).setMaxNetworkRetries(0).build();
    }

    @Override
    public Checkout startCheckout(GatewayCredentials credentials, CheckoutRequest request) {
        String currency = request.amount().currencyCode().toLowerCase(Locale.ROOT);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.PAYMENT)
                .setClientReferenceId(request.reference())
                .putMetadata("atrium_reference", request.reference())
                .setPaymentIntentData(SessionCreateParams.PaymentIntentData.builder()
                        .putMetadata("atrium_reference", request.reference()).build())
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .addLineItem(SessionCreateParams.LineItem.builder().setQuantity(1L)
                        .setPriceData(SessionCreateParams.LineItem.PriceData.builder().setCurrency(currency)
                                .setUnitAmount(StripeEvents.toMinor(request.amount()))
                                .setProductData(SessionCreateParams.LineItem.PriceData.ProductData.builder()
                                        .setName("Wallet recharge for " + request.tenantName()).build())
                                .build())
                        .build())
                .build();
        Session session = call(() -> client(credentials).v1().checkout().sessions().create(params,
                RequestOptions.builder().setIdempotencyKey(request.reference()).build()));
        return new Checkout(session.getId(), session.getUrl());
    }

    @Override
    public GatewayPayment lookUp(GatewayCredentials credentials, Recharge recharge, Map<String, String> parameters,
            @Nullable InboundEvent hint) {
        if (recharge.gatewaySessionId() == null) {
            // An auto top-up whose charge Stripe has not answered yet is settled by its own retry (StripeCards).
            return new GatewayPayment(recharge.checkoutUrl() == null ? GatewayPayment.Outcome.PENDING
                    : GatewayPayment.Outcome.FAILED, null, null, null);
        }
        if (recharge.gatewaySessionId().startsWith("pi_")) {
            return StripeCards.payment(call(() -> client(credentials).v1().paymentIntents()
                    .retrieve(recharge.gatewaySessionId())));
        }
        Session session = call(() -> client(credentials).v1().checkout().sessions()
                .retrieve(recharge.gatewaySessionId()));
        String reference = session.getClientReferenceId();
        Money amount = session.getAmountTotal() == null || session.getCurrency() == null ? null
                : StripeEvents.fromMinor(session.getAmountTotal(), session.getCurrency());
        GatewayPayment.Outcome outcome;
        if ("paid".equals(session.getPaymentStatus()) || "no_payment_required".equals(session.getPaymentStatus())) {
            outcome = GatewayPayment.Outcome.SUCCEEDED;
        } else if ("expired".equals(session.getStatus())) {
            outcome = GatewayPayment.Outcome.EXPIRED;
        } else if (hint != null && hint.kind() == InboundEvent.Kind.PAYMENT_FAILED
                && "complete".equals(session.getStatus())) {
            // A completed session whose delayed payment failed reads "complete, unpaid", like one still waiting.
            outcome = GatewayPayment.Outcome.FAILED;
        } else {
            outcome = GatewayPayment.Outcome.PENDING;
        }
        return new GatewayPayment(outcome, reference, amount, session.getPaymentIntent());
    }

    @Override
    public InboundEvent verify(GatewayCredentials credentials, Map<String, String> headers, byte[] body) {
        StripeEvents.verify(headers, body, credentials.stripeWebhookSecret(), settings.webhookTolerance, clock);
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
        if (recharge.gatewayPaymentId() == null) {
            throw new GatewayRefused("Recharge " + recharge.reference() + " has no Stripe PaymentIntent to refund");
        }
        RefundCreateParams params = RefundCreateParams.builder().setPaymentIntent(recharge.gatewayPaymentId())
                .setAmount(StripeEvents.toMinor(amount)).putMetadata("atrium_reference", recharge.reference())
                .putMetadata("atrium_refund", idempotencyKey).build();
        Refund refund = call(() -> client(credentials).v1().refunds().create(params,
                RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
        return refund.getId();
    }

    interface StripeCall<T> {
        T run() throws StripeException;
    }

    static <T> T call(StripeCall<T> call) {
        try {
            return call.run();
        } catch (ApiConnectionException e) {
            throw new GatewayUnavailable("Stripe did not answer: " + e.getMessage(), e);
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            if (status != null && (status >= 500 || status == 429)) {
                throw new GatewayUnavailable("Stripe answered " + status, e);
            }
            throw new GatewayRefused("Stripe refused: " + e.getMessage(), e);
        }
    }
}
