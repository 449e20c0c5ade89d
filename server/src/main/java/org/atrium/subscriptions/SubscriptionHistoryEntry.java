package org.atrium.subscriptions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;

import org.atrium.catalog.BillingCycle;
import org.jspecify.annotations.Nullable;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One entry of a subscription's history: what happened, the status before and after, and the plan and period it
 * left the subscription in. The JSON keeps the names and formats the history API has always had (snake_case,
 * instants to the millisecond, period days as UTC midnights, {@code details} as JSON text).
 *
 * @param details what the change concerned (invoice, plans, amounts), as JSON text; null when nothing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SubscriptionHistoryEntry(
        @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = INSTANT, timezone = "UTC") Instant at,
        Kind event,
        @JsonProperty("from_status") @Nullable SubscriptionStatus fromStatus,
        @JsonProperty("to_status") SubscriptionStatus toStatus,
        @JsonProperty("plan_slug") String plan,
        BillingCycle cycle,
        @JsonProperty("period_start") @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = DAY) LocalDate periodStart,
        @JsonProperty("period_end") @JsonFormat(shape = JsonFormat.Shape.STRING, pattern = DAY) LocalDate periodEnd,
        @Nullable String details) {

    static final String INSTANT = "yyyy-MM-dd'T'HH:mm:ss.SSSX";
    static final String DAY = "yyyy-MM-dd'T'00:00:00.000'Z'";

    /** What a history entry records; its code is the entry's {@code event} and the audit type's last part. */
    public enum Kind {
        TRIAL_STARTED, TRIAL_PLAN_CHANGED, TRIAL_CONVERTED, TRIAL_UNPAID, ASSIGNED, UPGRADED, DOWNGRADED,
        DOWNGRADE_SCHEDULED, DOWNGRADE_CANCELLED, CYCLE_CHANGED, RENEWED, GRACE_PERIOD, READ_ONLY, EXPIRED,
        RECOVERED, SUSPENDED_OVERDUE, CANCEL_SCHEDULED, CANCELLED, REACTIVATED, EXTENDED, AUTO_RENEW_ON,
        AUTO_RENEW_OFF;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }
}
