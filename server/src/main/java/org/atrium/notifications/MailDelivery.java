package org.atrium.notifications;

/**
 * Sending what the mail outbox holds. The schedule calls it every few seconds; operations (and tests) may call it to
 * send what is due now.
 */
public interface MailDelivery {

    /** Whether mails are sent through an SMTP server (true) or captured in the outbox (false). */
    boolean sendsMail();

    /**
     * Sends (or captures) one batch of the mails that are due now.
     *
     * @return how many mails this call took from the outbox, whatever became of them
     */
    int dispatchPending();
}
