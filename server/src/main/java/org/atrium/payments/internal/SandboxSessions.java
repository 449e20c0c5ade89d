package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.Money;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sandbox gateway's own records: what its "API" answers from. */
@Repository
class SandboxSessions {

    record Session(String id, TenantId tenantId, String reference, Money amount, String tenantName, String status,
            @Nullable String paymentId, Money refunded, String successUrl, String cancelUrl) {
    }

    private final JdbcClient jdbc;

    SandboxSessions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Session s, Instant now) {
        jdbc.sql("""
                insert into sandbox_checkout_sessions (id, tenant_id, reference, amount, currency, tenant_name, status,
                    success_url, cancel_url, created_at, updated_at)
                values (:id, :tenant, :reference, :amount, :currency, :name, 'open', :success, :cancel, :now, :now)""")
                .param("id", s.id()).param("tenant", s.tenantId().value()).param("reference", s.reference())
                .param("amount", s.amount().amount()).param("currency", s.amount().currencyCode())
                .param("name", s.tenantName()).param("success", s.successUrl()).param("cancel", s.cancelUrl())
                .param("now", Timestamp.from(now)).update();
    }

    Optional<Session> find(String id) {
        return jdbc.sql("select * from sandbox_checkout_sessions where id = :id").param("id", id)
                .query(SandboxSessions::map).optional();
    }

    Optional<Session> byReference(TenantId tenant, String reference) {
        return jdbc.sql("select * from sandbox_checkout_sessions where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).query(SandboxSessions::map)
                .optional();
    }

    /** Moves a session from one of {@code from} to {@code to}; false when it was in another state. */
    boolean move(String id, String to, Instant now, String... from) {
        return jdbc.sql("""
                update sandbox_checkout_sessions set status = :to, updated_at = :now,
                       payment_id = case when :to = 'paid' then coalesce(payment_id, :payment) else payment_id end
                where id = :id and status in (:from)""")
                .param("to", to).param("now", Timestamp.from(now)).param("payment", "pi_sandbox_" + token())
                .param("id", id).param("from", java.util.List.of(from)).update() == 1;
    }

    boolean refund(String id, BigDecimal amount, Instant now) {
        return jdbc.sql("""
                update sandbox_checkout_sessions set refunded = refunded + :amount, updated_at = :now
                where id = :id and status = 'paid' and refunded + :amount <= amount""")
                .param("amount", amount).param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    static String token() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    private static Session map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String currency = rs.getString("currency");
        return new Session(rs.getString("id"), TenantId.of(rs.getObject("tenant_id", UUID.class)),
                rs.getString("reference"), Money.of(rs.getBigDecimal("amount"), currency), rs.getString("tenant_name"),
                rs.getString("status"), rs.getString("payment_id"), Money.of(rs.getBigDecimal("refunded"), currency),
                rs.getString("success_url"), rs.getString("cancel_url"));
    }
}
