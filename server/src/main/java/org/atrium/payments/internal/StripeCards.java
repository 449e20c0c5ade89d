package org.atrium.payments.internal;

import java.util.Locale;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.CardException;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.PaymentIntent;
import com.stripe.model.PaymentMethod;
import com.stripe.model.SetupIntent;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.checkout.SessionCreateParams;
import com.stripe.param.checkout.SessionRetrieveParams;

/**
 * Saved cards and off-session charges through Stripe's SDK, for auto top-up: a customer per tenant, a Checkout
 * Session in setup mode that saves a card on it, and a PaymentIntent confirmed off-session against that card. Every
 * creating call carries an idempotency key, so a retried request (another node, a timeout) makes nothing twice.
 */
@Component
class StripeCards {

    private final StripeGateway stripe;

    StripeCards(StripeGateway stripe) {
        this.stripe = stripe;
    }

    /** The tenant's Stripe customer, made once (the key makes a retry return the same customer). */
    String customer(GatewayCredentials credentials, TenantId tenant, String name, @Nullable String email) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().setName(name)
                .putMetadata("atrium_tenant", tenant.value().toString());
        if (email != null) {
            params.setEmail(email);
        }
        Customer customer = StripeGateway.call(() -> stripe.client(credentials).v1().customers().create(
                params.build(), RequestOptions.builder().setIdempotencyKey("atrium-customer-" + tenant.value())
                        .build()));
        return customer.getId();
    }

    /** A Checkout Session in setup mode: the tenant enters a card, Stripe saves it on the customer. */
    PaymentGateway.Checkout startSetup(GatewayCredentials credentials, TenantId tenant, String customer,
            String currency, String successUrl, String cancelUrl, String idempotencyKey) {
        SessionCreateParams params = SessionCreateParams.builder().setMode(SessionCreateParams.Mode.SETUP)
                .setCustomer(customer).setCurrency(currency.toLowerCase(Locale.ROOT))
                .addPaymentMethodType(SessionCreateParams.PaymentMethodType.CARD)
                .setClientReferenceId(tenant.value().toString())
                .putMetadata("atrium_tenant", tenant.value().toString())
                .putMetadata("atrium_purpose", "auto_top_up")
                .setSuccessUrl(successUrl).setCancelUrl(cancelUrl).build();
        Session session = StripeGateway.call(() -> stripe.client(credentials).v1().checkout().sessions()
                .create(params, RequestOptions.builder().setIdempotencyKey(idempotencyKey).build()));
        return new PaymentGateway.Checkout(session.getId(), session.getUrl());
    }

    /** What a setup session saved, read back from Stripe; null while it is not complete. */
    @Nullable
    SavedCard savedCard(GatewayCredentials credentials, String sessionId) {
        Session session = StripeGateway.call(() -> stripe.client(credentials).v1().checkout().sessions()
                .retrieve(sessionId, SessionRetrieveParams.builder().addExpand("setup_intent.payment_method")
                        .build(), (RequestOptions) null));
        SetupIntent intent = session.getSetupIntentObject();
        if (!"setup".equals(session.getMode()) || !"complete".equals(session.getStatus()) || intent == null
                || !"succeeded".equals(intent.getStatus()) || intent.getPaymentMethod() == null) {
            return null;
        }
        PaymentMethod method = intent.getPaymentMethodObject();
        String label = method != null && method.getCard() != null
                ? method.getCard().getBrand() + " •••• " + method.getCard().getLast4() : "card";
        return new SavedCard(session.getClientReferenceId(), session.getCustomer(), intent.getPaymentMethod(), label);
    }

    /** @param tenantReference the session's {@code client_reference_id}: the tenant id it was made for */
    record SavedCard(@Nullable String tenantReference, @Nullable String customer, String paymentMethod,
            String label) {
    }

    /**
     * Charges the saved card, confirmed at once and off-session (the holder is not there to authenticate).
     *
     * @throws ChargeDeclined when the card is declined or its bank wants the holder to authenticate
     * @throws GatewayUnavailable when Stripe does not answer (send the same request again: the key makes it one)
     */
    GatewayPayment charge(GatewayCredentials credentials, String reference, Money amount, String customer,
            String paymentMethod, String idempotencyKey, String description) {
        PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
                .setAmount(StripeEvents.toMinor(amount))
                .setCurrency(amount.currencyCode().toLowerCase(Locale.ROOT)).setCustomer(customer)
                .setPaymentMethod(paymentMethod).setConfirm(true).setOffSession(true).setDescription(description)
                .putMetadata("atrium_reference", reference).build();
        PaymentIntent intent;
        try {
            intent = stripe.client(credentials).v1().paymentIntents().create(params,
                    RequestOptions.builder().setIdempotencyKey(idempotencyKey).build());
        } catch (CardException e) {
            String code = e.getDeclineCode() != null ? e.getDeclineCode() : e.getCode() != null ? e.getCode()
                    : "card_error";
            throw new ChargeDeclined(code, e.getStripeError() != null && e.getStripeError().getMessage() != null
                    ? e.getStripeError().getMessage() : "The card was declined");
        } catch (ApiConnectionException e) {
            throw new GatewayUnavailable("Stripe did not answer: " + e.getMessage(), e);
        } catch (StripeException e) {
            Integer status = e.getStatusCode();
            if (status != null && (status >= 500 || status == 429)) {
                throw new GatewayUnavailable("Stripe answered " + status, e);
            }
            throw new ChargeDeclined(e.getCode() != null ? e.getCode() : "refused", "Stripe refused the charge: "
                    + (e.getStripeError() != null ? e.getStripeError().getMessage() : e.getMessage()));
        }
        GatewayPayment payment = payment(intent);
        if (payment.outcome() == GatewayPayment.Outcome.FAILED) {
            throw new ChargeDeclined("requires_action".equals(intent.getStatus()) ? "authentication_required"
                    : "card_declined", "Stripe left the payment " + intent.getStatus());
        }
        return payment;
    }

    /** A PaymentIntent as a payment: succeeded, still processing, or failed (it needs the holder or a new card). */
    static GatewayPayment payment(PaymentIntent intent) {
        String reference = intent.getMetadata() == null ? null : intent.getMetadata().get("atrium_reference");
        long minor = intent.getAmountReceived() != null && intent.getAmountReceived() > 0 ? intent.getAmountReceived()
                : intent.getAmount() == null ? 0 : intent.getAmount();
        Money amount = intent.getCurrency() == null ? null : StripeEvents.fromMinor(minor, intent.getCurrency());
        GatewayPayment.Outcome outcome = switch (String.valueOf(intent.getStatus())) {
            case "succeeded" -> GatewayPayment.Outcome.SUCCEEDED;
            case "requires_payment_method", "requires_action", "canceled" -> GatewayPayment.Outcome.FAILED;
            default -> GatewayPayment.Outcome.PENDING;
        };
        return new GatewayPayment(outcome, reference, amount, intent.getId());
    }
}
