package org.atrium.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser for integration tests: real HTTP to the running server, with a cookie jar that keeps each cookie's
 * path (as a browser does, a cookie is sent only below its path), no automatic redirects, and the CSRF token of the
 * last page read from its forms.
 */
public final class HttpBrowser {

    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    private final Map<String, Cookie> cookies = new LinkedHashMap<>();
    private String csrf = "";
    private String userAgent = "AtriumTestBrowser/1.0";
    private String language = "";
    private final Map<String, String> headers = new LinkedHashMap<>();

    public record Cookie(String name, String value, String path) {
    }

    public record Page(int status, String body, Map<String, List<String>> headers) {

        public String location() {
            return headers.getOrDefault("location", List.of("")).get(0);
        }

        public String find(String regex) {
            Matcher m = Pattern.compile(regex).matcher(body);
            if (!m.find()) {
                throw new AssertionError("No match for " + regex + " in:\n" + body);
            }
            return m.group(1);
        }

        @Override
        public String toString() {
            return status + " " + headers.getOrDefault("location", List.of()) + "\n" + body;
        }
    }

    public HttpBrowser(int port) {
        this.port = port;
    }

    /** Sends {@code Accept-Language}, so that pages format money and dates for that locale. */
    public HttpBrowser language(String acceptLanguage) {
        this.language = acceptLanguage;
        return this;
    }

    /** Sends a header with every request from now on (as htmx sends {@code HX-Request}). */
    public HttpBrowser header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public HttpBrowser userAgent(String agent) {
        this.userAgent = agent;
        return this;
    }

    public Page get(String path) {
        return send("GET", path, null);
    }

    /** A GET with one extra request header, as htmx sends {@code HX-Request: true}. */
    public Page get(String path, String header, String value) {
        return send("GET", path, null, Map.of(header, value));
    }

    /** Submits a form with the CSRF token of the last page read. */
    public Page post(String path, Map<String, String> form) {
        Map<String, String> withToken = new LinkedHashMap<>(form);
        withToken.putIfAbsent("_csrf", csrf);
        return send("POST", path, withToken);
    }

    /** Submits a form without any CSRF token. */
    public Page postWithoutCsrf(String path, Map<String, String> form) {
        return send("POST", path, form);
    }

    public String csrf() {
        return csrf;
    }

    public Map<String, Cookie> cookies() {
        return cookies;
    }

    public void setCookie(String name, String value, String path) {
        cookies.put(name + "|" + path, new Cookie(name, value, path));
    }

    public String cookie(String name) {
        return cookies.values().stream().filter(c -> c.name().equals(name)).map(Cookie::value).findFirst()
                .orElse(null);
    }

    private Page send(String method, String path, Map<String, String> form) {
        return send(method, path, form, Map.of());
    }

    private Page send(String method, String path, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("User-Agent", userAgent);
        headers.forEach(builder::header);
        String cookieHeader = cookies.values().stream()
                .filter(c -> path.equals(c.path()) || path.startsWith(c.path().endsWith("/") ? c.path() : c.path() + "/")
                        || c.path().equals("/"))
                .map(c -> c.name() + "=" + c.value()).collect(Collectors.joining("; "));
        if (!cookieHeader.isEmpty()) {
            builder.header("Cookie", cookieHeader);
        }
        if (!language.isEmpty()) {
            builder.header("Accept-Language", language);
        }
        headers.forEach(builder::header);
        if (form == null) {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
            builder.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : response.headers().allValues("set-cookie")) {
                remember(set, path);
            }
            Matcher m = CSRF.matcher(response.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void remember(String header, String requestPath) {
        String[] parts = header.split(";");
        int eq = parts[0].indexOf('=');
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        String path = "/";
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.regionMatches(true, 0, "Path=", 0, 5)) {
                path = p.substring(5);
            } else if (p.equalsIgnoreCase("Max-Age=0")) {
                expired = true;
            }
        }
        String key = name + "|" + path;
        if (expired || value.isEmpty()) {
            cookies.remove(key);
        } else {
            cookies.put(key, new Cookie(name, value, path));
        }
    }
}
