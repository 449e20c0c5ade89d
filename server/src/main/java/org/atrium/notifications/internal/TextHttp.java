package org.atrium.notifications.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import org.atrium.notifications.TextProvider.TextDeliveryFailed;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A form POST with a JSON answer, as both text providers speak. */
final class TextHttp {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    record Answer(int status, JsonNode body) {
    }

    private TextHttp() {
    }

    static Answer postForm(String provider, String url, Map<String, String> form, Map<String, String> headers) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body().isBlank() ? "{}" : response.body());
            } catch (RuntimeException e) {
                throw new TextDeliveryFailed(provider + " answered " + response.statusCode() + " without JSON");
            }
            return new Answer(response.statusCode(), json);
        } catch (IOException e) {
            throw new TextDeliveryFailed(provider + " could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TextDeliveryFailed(provider + ": interrupted");
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
