package org.atrium.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.notifications.TextProvider;
import org.springframework.stereotype.Component;

/**
 * WhatsApp through UltraMsg's API: {@code POST /{instance}/messages/chat} with a form of {@code token}, {@code to},
 * {@code body}; success answers {@code {"sent":"true","message":"ok","id":…}}, failure {@code {"error":…}} (often
 * with status 200, so the body decides).
 */
@Component
class UltraMsgProvider implements TextProvider {

    @Override
    public String name() {
        return "ultramsg";
    }

    @Override
    public String send(TextAccount account, String to, String body) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", account.secret());
        form.put("to", to);
        form.put("body", body);
        TextHttp.Answer answer = TextHttp.postForm(name(), account.apiBase() + "/"
                + java.net.URLEncoder.encode(account.account(), StandardCharsets.UTF_8) + "/messages/chat", form,
                Map.of());
        String error = TextHttp.text(answer.body(), "error");
        if (answer.status() / 100 != 2 || !error.isEmpty() || !"true".equals(TextHttp.text(answer.body(), "sent"))) {
            throw new TextDeliveryFailed("ultramsg refused the message (%d): %s".formatted(answer.status(),
                    error.isEmpty() ? answer.body().toString() : error));
        }
        return TextHttp.text(answer.body(), "id");
    }
}
