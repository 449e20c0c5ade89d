package org.atrium.notifications;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The notifications Atrium knows how to send, each with its template ({@code templates/notifications/<code>.html})
 * and the model values the template needs. A request for a type without one of them is refused, so a mail never
 * goes out with a blank where the amount or date should be.
 * <p>
 * Money in a model is a {@link org.atrium.platform.Money} or a string already formatted; dates are
 * {@link java.time.LocalDate}s in the tenant's zone (or strings). Every template may also use {@code tenantName}.
 */
public enum NotificationType {

    /** A subscription was renewed and paid from the wallet. */
    SUBSCRIPTION_RENEWED("subscription.renewed", "planName", "amount", "nextRenewalOn"),

    /** A renewal is due but the wallet cannot cover it. */
    BALANCE_INSUFFICIENT("wallet.balance_insufficient", "planName", "amountDue", "balance"),

    /** An unpaid subscription entered its grace period; the workspace still works until it ends. */
    GRACE_PERIOD_ENTERED("subscription.grace_period_entered", "planName", "amountDue", "graceEndsOn"),

    /** The grace period ended unpaid: the workspace is read-only. */
    READ_ONLY_ENTERED("subscription.read_only_entered", "planName", "amountDue"),

    /** Money was added to the wallet. */
    WALLET_RECHARGED("wallet.recharged", "amount", "balance"),

    /** An auto top-up charge of the saved card was declined or needs the holder; {@code disabled}: it is off now. */
    AUTO_TOP_UP_FAILED("payments.auto_top_up_failed", "amount", "reason", "disabled"),

    /** A tenant was put on a plan. */
    SUBSCRIPTION_ASSIGNED("subscription.assigned", "planName", "startsOn"),

    /** A subscription was cancelled and will not renew. */
    SUBSCRIPTION_CANCELLED("subscription.cancelled", "planName", "endsOn"),

    /** A reminder that an invoice is past its due date. */
    INVOICE_OVERDUE("invoice.overdue", "invoiceNumber", "amountDue", "dueOn"),

    /** A trial ends soon (sent a few days before it does). */
    TRIAL_ENDING_SOON("trial.ending_soon", "planName", "trialEndsOn"),

    /** Usage of a limited metric crossed 80 % or 100 % of the limit in the current period. */
    USAGE_THRESHOLD_REACHED("usage.threshold_reached", "metric", "threshold", "current", "limit", "periodStart",
            "periodEnd"),

    /** A new tenant's first admin, or a user whose credentials staff reset: a link to choose a password. */
    PASSWORD_SET_LINK("identity.password_set_link", "link", "expiresAt"),

    /** Someone asked to reset a password: a single-use link, valid for a short time. */
    PASSWORD_RESET_LINK("identity.password_reset_link", "link", "expiresAt"),

    /** An invitation to join a tenant's team in its portal. */
    INVITATION("identity.invitation", "link", "role", "expiresAt"),

    /** Something the platform owner should know about an account: a new address, many failures, an impersonation. */
    SECURITY_ALERT("identity.security_alert", "title", "detail");

    private final String code;
    private final Set<String> requiredModel;

    NotificationType(String code, String... requiredModel) {
        this.code = code;
        this.requiredModel = Set.copyOf(Arrays.asList(requiredModel));
    }

    /** The stable name used in the API, the database and the template's file name. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The model values the template needs. */
    public Set<String> requiredModel() {
        return requiredModel;
    }

    /** The type with this code; refuses an unknown code and names the known ones. */
    public static NotificationType fromCode(String code) {
        for (NotificationType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException(
                "Unknown notification type '%s'; known types: %s".formatted(code, String.join(", ", codes())));
    }

    public static List<String> codes() {
        return Arrays.stream(values()).map(NotificationType::code).collect(Collectors.toList());
    }
}
