package org.atrium.payments.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atrium.payments.Gateway;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The gateways and whose credentials to use with them: a tenant's own for a gateway it configured (all of that
 * gateway's settings come from the tenant then, never half from each), otherwise the global ones.
 */
@Component
class GatewayDirectory {

    private final Map<Gateway, PaymentGateway> gateways = new EnumMap<>(Gateway.class);
    private final PaymentsSettings settings;
    private final PaymentSettingsStore tenantSettings;
    private final SandboxSecret sandboxSecret;

    GatewayDirectory(List<PaymentGateway> all, PaymentsSettings settings, PaymentSettingsStore tenantSettings,
            SandboxSecret sandboxSecret) {
        all.forEach(g -> gateways.put(g.name(), g));
        this.settings = settings;
        this.tenantSettings = tenantSettings;
        this.sandboxSecret = sandboxSecret;
    }

    PaymentGateway gateway(Gateway name) {
        PaymentGateway gateway = gateways.get(name);
        if (gateway == null) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "gateway-not-configured", "The gateway '"
                    + name.code() + "' is not available", Map.of("errors", Map.of("gateway", "not available")));
        }
        return gateway;
    }

    GatewayCredentials global() {
        return settings.global(settings.sandboxEnabled() ? sandboxSecret.get() : "");
    }

    /** The credentials to use for a tenant with one gateway. */
    GatewayCredentials credentials(TenantId tenant, Gateway gateway) {
        Optional<GatewayCredentials> own = tenantSettings.credentials(tenant).filter(c -> switch (gateway) {
            case STRIPE -> GatewayCredentials.present(c.stripeSecretKey());
            case PAYPAL -> GatewayCredentials.present(c.paypalClientId());
            case PAYSTACK -> GatewayCredentials.present(c.paystackSecretKey());
            case SANDBOX -> false;
        });
        return own.orElseGet(this::global);
    }

    /** Credentials to try on an inbound webhook: the tenant's own first when the body names its recharge. */
    List<GatewayCredentials> webhookCandidates(Gateway gateway, byte[] body) {
        List<GatewayCredentials> candidates = new ArrayList<>();
        TenantId tenant = RechargeReferences.tenantOf(gateway(gateway).referenceHint(body));
        if (tenant != null) {
            GatewayCredentials forTenant = credentials(tenant, gateway);
            if (forTenant.tenantOwn()) {
                candidates.add(forTenant);
            }
        }
        candidates.add(global());
        return candidates;
    }

    /**
     * The gateway a recharge goes through: the one named, or by default the only configured one (the sandbox when
     * it is on and nothing else is).
     */
    Gateway choose(TenantId tenant, @Nullable String requested) {
        if (requested != null) {
            Gateway named = Gateway.fromCode(requested);
            if (named == null) {
                throw ProblemException.badRequest("unknown-gateway", "There is no gateway '" + requested
                        + "'; Atrium knows stripe, paypal, paystack and sandbox", Map.of("gateway", "unknown"));
            }
            if (!gateway(named).isConfigured(credentials(tenant, named))) {
                throw new ProblemException(HttpStatus.BAD_REQUEST, "gateway-not-configured", "The gateway '"
                        + requested + "' is not configured" + (named == Gateway.SANDBOX
                                ? " (the sandbox gateway is off: ATRIUM_SANDBOX_GATEWAY)" : ""),
                        Map.of("errors", Map.of("gateway", "not configured")));
            }
            return named;
        }
        List<Gateway> configured = new ArrayList<>();
        for (Gateway g : List.of(Gateway.STRIPE, Gateway.PAYPAL, Gateway.PAYSTACK)) {
            if (gateways.containsKey(g) && gateway(g).isConfigured(credentials(tenant, g))) {
                configured.add(g);
            }
        }
        if (configured.isEmpty() && gateway(Gateway.SANDBOX).isConfigured(global())) {
            return Gateway.SANDBOX;
        }
        if (configured.isEmpty()) {
            throw new ProblemException(HttpStatus.BAD_REQUEST, "gateway-not-configured",
                    "No payment gateway is configured", Map.of("errors", Map.of("gateway", "none configured")));
        }
        return configured.get(0);
    }
}
