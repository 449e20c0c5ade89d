package org.atrium.notifications.internal;

/**
 * A notification as its template rendered it.
 *
 * @param subject the mail's subject and the in-app title
 * @param html    the mail's body
 * @param text    the short plain-text message shown in the portal
 */
record RenderedNotification(String subject, String html, String text) {
}
