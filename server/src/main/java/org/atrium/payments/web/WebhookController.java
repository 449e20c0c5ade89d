package org.atrium.payments.web;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.atrium.payments.Gateway;
import org.atrium.payments.PaymentWebhooks;
import org.atrium.payments.WebhookEvent;
import org.atrium.platform.ProblemException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;

/** Gateways' webhooks: open (they authenticate by signature), the raw body kept exactly as sent. */
@RestController("gatewayWebhookController")
@Hidden
class WebhookController {

    private final PaymentWebhooks webhooks;

    WebhookController(PaymentWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    record Received(boolean received, String id, String result) {
    }

    @PostMapping("/webhooks/{gateway}")
    Received receive(@PathVariable String gateway, @RequestBody(required = false) byte[] body,
            HttpServletRequest request) {
        Gateway named = Gateway.fromCode(gateway);
        if (named == null) {
            throw ProblemException.notFound("Webhook endpoint", "/webhooks/" + gateway);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        WebhookEvent event = webhooks.receive(named, headers, body == null ? new byte[0] : body);
        return new Received(true, event.id().toString(), event.result());
    }
}
