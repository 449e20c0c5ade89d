package org.atrium.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.atrium.notifications.TextProvider;
import org.springframework.stereotype.Component;

/**
 * SMS through Twilio's Messages API: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} with HTTP Basic
 * (account SID and auth token) and a form of {@code To}, {@code From}, {@code Body}; 201 answers the message with
 * its {@code sid}, an error answers {@code code} and {@code message}.
 */
@Component
class TwilioProvider implements TextProvider {

    @Override
    public String name() {
        return "twilio";
    }

    @Override
    public String send(TextAccount account, String to, String body) {
        if (account.sender() == null || account.sender().isBlank()) {
            throw new TextDeliveryFailed("twilio needs a From number");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put("From", account.sender());
        form.put("Body", body);
        String basic = Base64.getEncoder()
                .encodeToString((account.account() + ":" + account.secret()).getBytes(StandardCharsets.UTF_8));
        TextHttp.Answer answer = TextHttp.postForm(name(), account.apiBase() + "/2010-04-01/Accounts/"
                + java.net.URLEncoder.encode(account.account(), StandardCharsets.UTF_8) + "/Messages.json", form,
                Map.of("Authorization", "Basic " + basic));
        String sid = TextHttp.text(answer.body(), "sid");
        if (answer.status() / 100 != 2 || sid.isEmpty()) {
            throw new TextDeliveryFailed("twilio refused the message (%d, code %s): %s".formatted(answer.status(),
                    TextHttp.text(answer.body(), "code"), TextHttp.text(answer.body(), "message")));
        }
        return sid;
    }
}
