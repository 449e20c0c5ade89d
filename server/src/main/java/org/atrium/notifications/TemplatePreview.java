package org.atrium.notifications;

import java.util.List;

/** A template rendered on sample data: the subject, the mail as HTML and as text, and the SMS. */
public record TemplatePreview(String subject, String html, List<String> paragraphs, String text, String sms) {
}
