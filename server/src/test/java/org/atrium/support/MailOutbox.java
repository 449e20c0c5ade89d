package org.atrium.support;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** The mails Atrium queued, read through {@code /api/v1/mail-outbox} as staff would. */
public final class MailOutbox {

    private static final Pattern LINK = Pattern.compile("href=\"https?://[^/]+([^\"]+)\"");

    private MailOutbox() {
    }

    /** Every mail of the type to the recipient, newest first, without bodies. */
    public static List<JsonNode> to(int port, String type, String recipient) {
        JsonNode page = Api.asRoot(port).get("/api/v1/mail-outbox?size=500&type=" + type).json();
        return page.get("items").valueStream().filter(m -> m.get("recipient").asString().equalsIgnoreCase(recipient))
                .toList();
    }

    /** The newest mail of the type to the recipient, with its body, waiting for it to be queued after a commit. */
    public static JsonNode newest(int port, String type, String recipient) {
        Optional<JsonNode> mail = AfterCommit.await(() -> to(port, type, recipient).stream().findFirst(),
                Optional::isPresent);
        return Api.asRoot(port).get("/api/v1/mail-outbox/" + mail.orElseThrow().get("id").asString()).json();
    }

    /** The path of the first link in a mail's body. */
    public static String linkPath(JsonNode mail) {
        Matcher m = LINK.matcher(mail.get("bodyHtml").asString());
        if (!m.find()) {
            throw new AssertionError("No link in " + mail.get("bodyHtml").asString());
        }
        return m.group(1);
    }
}
