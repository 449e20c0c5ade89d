package org.atrium.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for integration tests: real requests to the running server, JSON in and out.
 */
public final class Api {

    public static final String ROOT_KEY = "atr_sk_test0000000000000000000000000000000000000";
    public static final String OWNER_EMAIL = "owner@atrium.test";
    public static final String OWNER_PASSWORD = "correct-horse-battery";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final Map<String, String> headers;

    private Api(int port, Map<String, String> headers) {
        this.port = port;
        this.headers = headers;
    }

    public static Api asRoot(int port) {
        return new Api(port, Map.of("Authorization", "Bearer " + ROOT_KEY));
    }

    public static Api anonymous(int port) {
        return new Api(port, Map.of());
    }

    public Api withBearer(String key) {
        return with("Authorization", "Bearer " + key);
    }

    public Api withBasic(String user, String password) {
        return with("Authorization",
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public Api with(String header, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(header, value);
        return new Api(port, copy);
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response post(String path) {
        return send("POST", path, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    /** Sends a body as given: a String is sent as it is (for malformed JSON), anything else as JSON. */
    public Response send(String method, String path, Object body) {
        try {
            HttpRequest.BodyPublisher publisher;
            if (body == null) {
                publisher = HttpRequest.BodyPublishers.noBody();
            } else if (body instanceof String raw) {
                publisher = HttpRequest.BodyPublishers.ofString(raw);
            } else if (body instanceof byte[] bytes) {
                publisher = HttpRequest.BodyPublishers.ofByteArray(bytes);
            } else {
                publisher = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            }
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, publisher);
            if (body != null) {
                builder.header("Content-Type", "application/json");
            }
            headers.forEach(builder::header);
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /**
     * Sends bytes as they are with the given content type (null for none); {@code chunked} hides the length, as a
     * streaming client would.
     */
    public Response sendRaw(String method, String path, String contentType, byte[] body, boolean chunked) {
        try {
            HttpRequest.BodyPublisher publisher = chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                    : HttpRequest.BodyPublishers.ofByteArray(body);
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .version(HttpClient.Version.HTTP_1_1).method(method, publisher);
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            headers.forEach(builder::header);
            HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    public record Response(int status, byte[] raw, Map<String, java.util.List<String>> headers) {

        public JsonNode json() {
            return JSON.readTree(raw);
        }

        public String body() {
            return new String(raw, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }
}
