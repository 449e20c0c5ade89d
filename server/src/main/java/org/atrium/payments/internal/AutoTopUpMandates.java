package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.atrium.payments.AutoTopUp;
import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The auto_top_ups table: one row per tenant that started saving a card. */
@Repository
class AutoTopUpMandates {

    /** A row as the service needs it (the public {@link AutoTopUp} plus what only Atrium sees). */
    record Mandate(AutoTopUp view, @Nullable String customer, @Nullable String paymentMethod,
            @Nullable String setupSessionId, @Nullable String setupReturnUrl, boolean armed,
            @Nullable String chargingReference) {
    }

    /** A crossing claimed for a charge: its number makes the charge's idempotency key. */
    record Claim(TenantId tenant, int crossing, String reference, Money amount) {
    }

    private final JdbcClient jdbc;

    AutoTopUpMandates(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Mandate> find(TenantId tenant) {
        return jdbc.sql("select * from auto_top_ups where tenant_id = :tenant").param("tenant", tenant.value())
                .query(AutoTopUpMandates::map).optional();
    }

    /** The row of a tenant starting to save a card (made with its Stripe customer on first use). */
    void setupStarted(TenantId tenant, String currency, String customer, String sessionId, String returnUrl,
            Instant now) {
        jdbc.sql("""
                insert into auto_top_ups (tenant_id, currency, stripe_customer_id, setup_session_id, setup_return_url,
                                          created_at, updated_at)
                values (:tenant, :currency, :customer, :session, :returnUrl, :now, :now)
                on conflict (tenant_id) do update set stripe_customer_id = excluded.stripe_customer_id,
                    setup_session_id = excluded.setup_session_id, setup_return_url = excluded.setup_return_url,
                    updated_at = excluded.updated_at""")
                .param("tenant", tenant.value()).param("currency", currency).param("customer", customer)
                .param("session", sessionId).param("returnUrl", returnUrl).param("now", Timestamp.from(now))
                .update();
    }

    /** The card a setup session saved; a new card clears the failures of the old one. */
    void cardSaved(TenantId tenant, String customer, String paymentMethod, String label, Instant now) {
        jdbc.sql("""
                update auto_top_ups set stripe_customer_id = :customer, payment_method_id = :method,
                       card_label = :label, failures = 0, last_error = null, updated_at = :now
                where tenant_id = :tenant""")
                .param("customer", customer).param("method", paymentMethod).param("label", label)
                .param("now", Timestamp.from(now)).param("tenant", tenant.value()).update();
    }

    /**
     * Sets threshold, amount and on/off (a new row is off: it can be on only with a saved card, which makes the
     * row first). Turning it on arms it: the next debit that leaves the balance below the
     * threshold is a crossing, even if the balance is below it already.
     */
    void configure(TenantId tenant, String currency, BigDecimal threshold, BigDecimal amount, boolean enabled,
            Instant now) {
        jdbc.sql("""
                insert into auto_top_ups (tenant_id, currency, threshold, amount, enabled, created_at, updated_at)
                values (:tenant, :currency, :threshold, :amount, false, :now, :now)
                on conflict (tenant_id) do update set threshold = excluded.threshold, amount = excluded.amount,
                    currency = excluded.currency, enabled = :enabled,
                    armed = auto_top_ups.armed or (:enabled and not auto_top_ups.enabled),
                    failures = case when :enabled and not auto_top_ups.enabled then 0
                                    else auto_top_ups.failures end,
                    updated_at = excluded.updated_at""")
                .param("tenant", tenant.value()).param("currency", currency).param("threshold", threshold)
                .param("amount", amount).param("enabled", enabled).param("now", Timestamp.from(now)).update();
    }

    void remove(TenantId tenant, Instant now) {
        jdbc.sql("""
                update auto_top_ups set enabled = false, payment_method_id = null, card_label = null,
                       updated_at = :now where tenant_id = :tenant""")
                .param("now", Timestamp.from(now)).param("tenant", tenant.value()).update();
    }

    /**
     * Claims the next crossing when the balance is below the threshold and the mandate is armed, in the caller's
     * transaction (the debit's): the conditional update lets one transaction, on one node, have it.
     */
    Optional<Claim> claimCrossing(TenantId tenant, BigDecimal balance, Supplier<String> reference, Instant retryAt,
            Instant now) {
        Optional<Claim> claimed = jdbc.sql("""
                update auto_top_ups set armed = false, crossing = crossing + 1, charging_reference = '',
                       next_attempt_at = :retryAt, updated_at = :now
                where tenant_id = :tenant and enabled and armed and payment_method_id is not null
                  and charging_reference is null and :balance < threshold
                returning crossing, amount, currency""")
                .param("retryAt", Timestamp.from(retryAt)).param("now", Timestamp.from(now))
                .param("tenant", tenant.value()).param("balance", balance)
                .query((rs, row) -> new Claim(tenant, rs.getInt("crossing"), "",
                        Money.of(rs.getBigDecimal("amount"), rs.getString("currency"))))
                .optional();
        // The reference is made only for a claim: most debits are of tenants without auto top-up.
        return claimed.map(c -> {
            String made = reference.get();
            jdbc.sql("update auto_top_ups set charging_reference = :reference where tenant_id = :tenant")
                    .param("reference", made).param("tenant", tenant.value()).update();
            return new Claim(tenant, c.crossing(), made, c.amount());
        });
    }

    /** The balance is back at or above the threshold: the next fall below it is a new crossing. */
    void rearm(TenantId tenant, BigDecimal balance) {
        jdbc.sql("""
                update auto_top_ups set armed = true
                where tenant_id = :tenant and not armed and threshold is not null and :balance >= threshold""")
                .param("tenant", tenant.value()).param("balance", balance).update();
    }

    /** Charges whose request went unanswered (or whose node stopped) and are due again, leased to this node. */
    List<Claim> claimDueRetries(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update auto_top_ups set next_attempt_at = :lease
                where tenant_id in (select tenant_id from auto_top_ups
                                    where next_attempt_at is not null and next_attempt_at <= :now
                                      and charging_reference is not null
                                    order by next_attempt_at limit :limit for update skip locked)
                returning tenant_id, crossing, charging_reference, amount, currency""")
                .param("lease", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("limit", limit)
                .query((rs, row) -> new Claim(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                        rs.getInt("crossing"), rs.getString("charging_reference"),
                        Money.of(rs.getBigDecimal("amount"), rs.getString("currency"))))
                .list();
    }

    void retryAt(TenantId tenant, Instant at) {
        jdbc.sql("update auto_top_ups set next_attempt_at = :at where tenant_id = :tenant")
                .param("at", Timestamp.from(at)).param("tenant", tenant.value()).update();
    }

    /** Stripe answered the crossing's charge (paid, or processing): nothing more to send. */
    void charged(TenantId tenant, Instant now) {
        jdbc.sql("""
                update auto_top_ups set charging_reference = null, next_attempt_at = null, failures = 0,
                       last_error = null, last_charged_at = :now, updated_at = :now
                where tenant_id = :tenant""")
                .param("now", Timestamp.from(now)).param("tenant", tenant.value()).update();
    }

    /**
     * The crossing's charge failed; at {@code maxFailures} in a row the auto top-up turns off.
     *
     * @return the failures in a row now, and whether it was turned off
     */
    Failure failed(TenantId tenant, String error, int maxFailures, Instant now) {
        return jdbc.sql("""
                update auto_top_ups set charging_reference = null, next_attempt_at = null,
                       failures = failures + 1, last_error = :error, updated_at = :now,
                       enabled = enabled and failures + 1 < :max
                where tenant_id = :tenant
                returning failures, not enabled as disabled""")
                .param("error", error).param("max", maxFailures).param("now", Timestamp.from(now))
                .param("tenant", tenant.value())
                .query((rs, row) -> new Failure(rs.getInt("failures"), rs.getBoolean("disabled"))).single();
    }

    record Failure(int inARow, boolean disabled) {
    }

    private static Mandate map(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        BigDecimal threshold = rs.getBigDecimal("threshold");
        BigDecimal amount = rs.getBigDecimal("amount");
        Timestamp charged = rs.getTimestamp("last_charged_at");
        AutoTopUp view = new AutoTopUp(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getBoolean("enabled"),
                threshold == null ? null : Money.of(threshold, currency),
                amount == null ? null : Money.of(amount, currency), currency, rs.getString("card_label"),
                rs.getInt("failures"),
                rs.getString("last_error"), rs.getInt("crossing"), charged == null ? null : charged.toInstant(),
                rs.getTimestamp("updated_at").toInstant());
        return new Mandate(view, rs.getString("stripe_customer_id"), rs.getString("payment_method_id"),
                rs.getString("setup_session_id"), rs.getString("setup_return_url"), rs.getBoolean("armed"),
                rs.getString("charging_reference"));
    }
}
