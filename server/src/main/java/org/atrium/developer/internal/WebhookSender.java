package org.atrium.developer.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Sends one attempt: POST to the destination's URL, connecting only to the addresses that passed the address check
 * (no second lookup between the check and the connection), no redirects, no retries, a time limit for connecting and
 * for the answer.
 */
final class WebhookSender {

    static final int BODY_LIMIT = 4096;

    record Answer(int status, Map<String, String> headers, String body) {
    }

    private final Duration timeout;

    WebhookSender(Duration timeout) {
        this.timeout = timeout;
    }

    Answer post(WebhookAddressPolicy.Destination destination, Map<String, String> headers, String body)
            throws IOException {
        DnsResolver pinned = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                if (!host.equalsIgnoreCase(destination.host())) {
                    throw new UnknownHostException(host);
                }
                return destination.addresses().toArray(InetAddress[]::new);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        Timeout limit = Timeout.ofMilliseconds(timeout.toMillis());
        var connections = PoolingHttpClientConnectionManagerBuilder.create().setDnsResolver(pinned)
                .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit).setSocketTimeout(limit)
                        .build())
                .build();
        try (CloseableHttpClient client = HttpClients.custom().setConnectionManager(connections)
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(limit).build()).build()) {
            HttpPost post = new HttpPost(destination.uri());
            headers.forEach(post::setHeader);
            post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
            return client.execute(post, response -> {
                Map<String, String> answered = new LinkedHashMap<>();
                for (Header h : response.getHeaders()) {
                    answered.merge(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue(), (a, b) -> a + ", " + b);
                }
                String text = "";
                if (response.getEntity() != null) {
                    try (InputStream in = response.getEntity().getContent()) {
                        text = new String(in.readNBytes(BODY_LIMIT), StandardCharsets.UTF_8);
                    }
                }
                return new Answer(response.getCode(), answered, text);
            });
        }
    }
}
