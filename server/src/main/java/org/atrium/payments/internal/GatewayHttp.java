package org.atrium.payments.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Plain HTTP for the gateways without an SDK here (Paystack, PayPal): JSON or form bodies, the configured timeout,
 * and one rule for failures: no answer, 429 or 5xx is "unavailable" (to be retried), any other 4xx a refusal.
 */
@Component
class GatewayHttp {

    private final HttpClient client;
    private final ObjectMapper json;
    private final PaymentsSettings settings;

    GatewayHttp(ObjectMapper json, PaymentsSettings settings) {
        this.json = json;
        this.settings = settings;
        this.client = HttpClient.newBuilder().connectTimeout(settings.gatewayTimeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    JsonNode send(String gateway, String method, String url, Map<String, String> headers, @Nullable Object body) {
        String payload = body == null ? null : body instanceof String s ? s : json.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(settings.gatewayTimeout)
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8))
                .header("Accept", "application/json");
        if (payload != null && !headers.containsKey("Content-Type")) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new GatewayUnavailable(gateway + " did not answer within " + settings.gatewayTimeout.toSeconds()
                    + " s", e);
        } catch (IOException e) {
            throw new GatewayUnavailable(gateway + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayUnavailable(gateway + " call interrupted", e);
        }
        int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new GatewayUnavailable(gateway + " answered " + status);
        }
        JsonNode parsed;
        try {
            parsed = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (RuntimeException e) {
            throw new GatewayRefused(gateway + " answered " + status + " with a body that is not JSON");
        }
        if (status >= 400) {
            String message = StripeEvents.text(parsed, "message");
            throw new GatewayRefused(gateway + " refused (" + status + ")" + (message == null ? "" : ": " + message));
        }
        return parsed;
    }
}
