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

/** Refunds of recharges, each keyed by its own reference (also the ledger reference of its wallet debit). */
@Repository
class RechargeRefunds {

    record Refund(TenantId tenantId, String reference, String rechargeReference, Money amount, String reason,
            @Nullable String gatewayRefundId, @Nullable Instant appliedAt) {
    }

    private final JdbcClient jdbc;

    RechargeRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Refund refund, String createdBy, Instant now) {
        jdbc.sql("""
                insert into recharge_refunds (tenant_id, reference, recharge_reference, amount, currency, reason,
                                              gateway_refund_id, created_by, created_at)
                values (:tenant, :reference, :recharge, :amount, :currency, :reason, :gatewayId, :by, :now)""")
                .param("tenant", refund.tenantId().value()).param("reference", refund.reference())
                .param("recharge", refund.rechargeReference()).param("amount", refund.amount().amount())
                .param("currency", refund.amount().currencyCode()).param("reason", refund.reason())
                .param("gatewayId", refund.gatewayRefundId()).param("by", createdBy).param("now", Timestamp.from(now))
                .update();
    }

    Optional<Refund> find(TenantId tenant, String reference) {
        return jdbc.sql("select * from recharge_refunds where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).query(RechargeRefunds::map).optional();
    }

    Optional<Refund> byGatewayId(TenantId tenant, String recharge, String gatewayRefundId) {
        return jdbc.sql("""
                select * from recharge_refunds
                where tenant_id = :tenant and recharge_reference = :recharge and gateway_refund_id = :id""")
                .param("tenant", tenant.value()).param("recharge", recharge).param("id", gatewayRefundId)
                .query(RechargeRefunds::map).optional();
    }

    /** A refund Atrium asked for whose gateway id is not known yet, of this amount: the one a webhook reports. */
    Optional<Refund> awaitingGatewayId(TenantId tenant, String recharge, BigDecimal amount) {
        return jdbc.sql("""
                select * from recharge_refunds
                where tenant_id = :tenant and recharge_reference = :recharge and gateway_refund_id is null
                  and applied_at is null and amount = :amount
                order by created_at limit 1""")
                .param("tenant", tenant.value()).param("recharge", recharge).param("amount", amount)
                .query(RechargeRefunds::map).optional();
    }

    void applied(TenantId tenant, String reference, String gatewayRefundId, Instant now) {
        jdbc.sql("""
                update recharge_refunds set gateway_refund_id = coalesce(gateway_refund_id, :id), applied_at = :now
                where tenant_id = :tenant and reference = :reference""")
                .param("id", gatewayRefundId).param("now", Timestamp.from(now)).param("tenant", tenant.value())
                .param("reference", reference).update();
    }

    private static Refund map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp applied = rs.getTimestamp("applied_at");
        return new Refund(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getString("reference"),
                rs.getString("recharge_reference"), Money.of(rs.getBigDecimal("amount"), rs.getString("currency")),
                rs.getString("reason"), rs.getString("gateway_refund_id"),
                applied == null ? null : applied.toInstant());
    }
}
