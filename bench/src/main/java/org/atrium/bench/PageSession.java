package org.atrium.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser's session on loopback for page benchmarks: keeps the cookies the server sets (without regard to
 * {@code Secure}, as a browser on a trusted loopback proxy would), takes the CSRF token from the last form seen and
 * posts forms with it. One keep-alive connection, redirects not followed.
 */
final class PageSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private record Cookie(String name, String value, String path) {

        boolean sentTo(String requestPath) {
            return path.equals("/") || requestPath.equals(path)
                    || requestPath.startsWith(path.endsWith("/") ? path : path + "/");
        }
    }

    record Page(int status, String location, String body) {

        String find(String regex) {
            Matcher m = Pattern.compile(regex).matcher(body);
            if (!m.find()) {
                throw new IllegalStateException("No " + regex + " in the page (" + status + ")");
            }
            return m.group(1);
        }
    }

    private final int port;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    /** By name and path: the realms' session cookies share a name under different paths. */
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private String csrf = "";

    PageSession(int port) {
        this.port = port;
    }

    Page get(String path) throws IOException, InterruptedException {
        return send(path, HttpRequest.newBuilder(uri(path)).GET());
    }

    Page post(String path, Map<String, String> form) throws IOException, InterruptedException {
        Map<String, String> fields = new LinkedHashMap<>(form);
        fields.putIfAbsent("_csrf", csrf);
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(path, HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The status of a GET, the body read and dropped: what a measured request costs the client. */
    int status(String path) throws IOException, InterruptedException {
        return send(path, HttpRequest.newBuilder(uri(path)).GET()).status();
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private Page send(String path, HttpRequest.Builder builder) throws IOException, InterruptedException {
        String cookieHeader = cookies.values().stream().filter(c -> c.sentTo(path.split("\\?", 2)[0]))
                .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            builder.header("Cookie", cookieHeader);
        }
        HttpResponse<String> response = client.send(builder.header("User-Agent", "atrium-bench")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String[] parts = header.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).strip();
            String value = parts[0].substring(eq + 1).strip();
            String cookiePath = "/";
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attribute = parts[i].strip();
                if (attribute.regionMatches(true, 0, "Path=", 0, 5)) {
                    cookiePath = attribute.substring(5);
                } else if (attribute.equalsIgnoreCase("Max-Age=0")) {
                    expired = true;
                }
            }
            if (expired || value.isEmpty()) {
                cookies.remove(name + "|" + cookiePath);
            } else {
                cookies.put(name + "|" + cookiePath, new Cookie(name, value, cookiePath));
            }
        }
        Matcher m = CSRF.matcher(response.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return new Page(response.statusCode(), response.headers().firstValue("Location").orElse(""), response.body());
    }
}
