package org.atrium.payments.web;

import java.util.Map;
import java.util.UUID;

import org.atrium.payments.Gateway;
import org.atrium.payments.PaymentWebhooks;
import org.atrium.payments.WebhookEvent;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Payment webhooks")
class WebhookEventController {

    private static final Map<String, String> SORTABLE = Map.of("receivedAt", "received_at");

    private final PaymentWebhooks webhooks;

    WebhookEventController(PaymentWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/api/v1/payments/webhook-events")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "Every inbound gateway webhook, newest first; filter by gateway and result")
    PageResponse<WebhookEvent> list(@RequestParam(required = false) String gateway,
            @RequestParam(required = false) String result, @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size, @RequestParam(required = false) String sort) {
        return webhooks.list(PageRequest.of(page, size, sort, SORTABLE, "receivedAt,desc"), gateway(gateway),
                result);
    }

    @GetMapping("/api/v1/payments/webhook-events/{id}")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    WebhookEvent get(@PathVariable UUID id) {
        return webhooks.require(id);
    }

    @PostMapping("/api/v1/payments/webhook-events/{id}/reprocess")
    @PreAuthorize("hasAuthority('saas.billing.admin')")
    @Operation(summary = "Process a stored, verified event again; it never credits twice")
    WebhookEvent reprocess(@PathVariable UUID id) {
        return webhooks.reprocess(id);
    }

    private static @Nullable Gateway gateway(@Nullable String code) {
        if (code == null) {
            return null;
        }
        Gateway gateway = Gateway.fromCode(code);
        if (gateway == null) {
            throw ProblemException.invalidField("gateway", "must be stripe, paypal, paystack or sandbox");
        }
        return gateway;
    }
}
