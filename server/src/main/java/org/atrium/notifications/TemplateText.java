package org.atrium.notifications;

/**
 * A notification's wording in the {@code {{variable}}} language: the mail's subject, its body as text (paragraphs
 * separated by a blank line; the HTML mail is made from it, escaped), and the SMS / WhatsApp text.
 */
public record TemplateText(String subject, String body, String sms) {
}
