package org.atrium.payments.internal;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.atrium.payments.Gateway;
import org.atrium.payments.Recharge;
import org.atrium.payments.RechargeStatus;
import org.atrium.platform.Money;
import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The recharges table. */
@Repository
class Recharges {

    private static final String COLUMNS = "tenant_id, reference, gateway, amount, currency, status, return_url,"
            + " checkout_url, gateway_session_id, gateway_payment_id, refunded_amount, flag_reason, confirm_attempts,"
            + " next_confirm_at, created_at, updated_at, paid_at";

    private final JdbcClient jdbc;

    Recharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Recharge r, String createdBy) {
        jdbc.sql("""
                insert into recharges (tenant_id, reference, gateway, amount, currency, status, return_url, created_by,
                                       created_at, updated_at)
                values (:tenant, :reference, :gateway, :amount, :currency, :status, :returnUrl, :by, :at, :at)""")
                .param("tenant", r.tenantId().value()).param("reference", r.reference())
                .param("gateway", r.gateway().code()).param("amount", r.amount().amount())
                .param("currency", r.amount().currencyCode()).param("status", r.status().code())
                .param("returnUrl", r.returnUrl()).param("by", createdBy).param("at", Timestamp.from(r.createdAt()))
                .update();
    }

    Optional<Recharge> find(TenantId tenant, String reference) {
        return jdbc.sql("select " + COLUMNS + " from recharges where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).query(Recharges::map).optional();
    }

    /** The row, locked until the transaction ends: every settlement of one recharge takes this lock first. */
    Optional<Recharge> lock(TenantId tenant, String reference) {
        return jdbc.sql("select " + COLUMNS + " from recharges where tenant_id = :tenant and reference = :reference"
                + " for update").param("tenant", tenant.value()).param("reference", reference)
                .query(Recharges::map).optional();
    }

    void checkoutStarted(TenantId tenant, String reference, String sessionId, String checkoutUrl, Instant now) {
        jdbc.sql("""
                update recharges set gateway_session_id = :session, checkout_url = :url, updated_at = :now
                where tenant_id = :tenant and reference = :reference""")
                .param("session", sessionId).param("url", checkoutUrl).param("now", Timestamp.from(now))
                .param("tenant", tenant.value()).param("reference", reference).update();
    }

    /** An off-session charge (auto top-up) was made: its PaymentIntent is what the recharge is read back from. */
    void paymentStarted(TenantId tenant, String reference, String paymentId, Instant now) {
        jdbc.sql("""
                update recharges set gateway_session_id = :payment, gateway_payment_id = :payment, updated_at = :now
                where tenant_id = :tenant and reference = :reference""")
                .param("payment", paymentId).param("now", Timestamp.from(now)).param("tenant", tenant.value())
                .param("reference", reference).update();
    }

    void changeStatus(TenantId tenant, String reference, RechargeStatus status, @Nullable String paymentId,
            @Nullable String flagReason, Instant now) {
        jdbc.sql("""
                update recharges set status = :status, gateway_payment_id = coalesce(:payment, gateway_payment_id),
                       flag_reason = coalesce(:flag, flag_reason), updated_at = :now,
                       paid_at = case when :status = 'paid' then :now else paid_at end,
                       next_confirm_at = case when :status in ('paid', 'flagged') then null else next_confirm_at end
                where tenant_id = :tenant and reference = :reference""")
                .param("status", status.code()).param("payment", paymentId).param("flag", flagReason)
                .param("now", Timestamp.from(now)).param("tenant", tenant.value()).param("reference", reference)
                .update();
    }

    void refunded(TenantId tenant, String reference, BigDecimal refundedTotal, RechargeStatus status, Instant now) {
        jdbc.sql("""
                update recharges set refunded_amount = :refunded, status = :status, updated_at = :now
                where tenant_id = :tenant and reference = :reference""")
                .param("refunded", refundedTotal).param("status", status.code()).param("now", Timestamp.from(now))
                .param("tenant", tenant.value()).param("reference", reference).update();
    }

    void scheduleConfirmation(TenantId tenant, String reference, Instant at) {
        jdbc.sql("""
                update recharges set next_confirm_at = :at, confirm_attempts = confirm_attempts + 1
                where tenant_id = :tenant and reference = :reference""")
                .param("at", Timestamp.from(at)).param("tenant", tenant.value()).param("reference", reference)
                .update();
    }

    /** The gateway answered: no more retries (the attempts stay counted). */
    void confirmationDone(TenantId tenant, String reference) {
        jdbc.sql("update recharges set next_confirm_at = null where tenant_id = :tenant and reference = :reference")
                .param("tenant", tenant.value()).param("reference", reference).update();
    }

    /**
     * Claims recharges whose confirmation is due: moves their next attempt {@code lease} ahead, so another node
     * does not take them meanwhile, and returns them.
     */
    List<Recharge> claimDue(Instant now, Instant leaseUntil, int limit) {
        return jdbc.sql("""
                update recharges set next_confirm_at = :lease
                where (tenant_id, reference) in (
                    select tenant_id, reference from recharges
                    where next_confirm_at is not null and next_confirm_at <= :now
                    order by next_confirm_at limit :limit for update skip locked)
                returning\s""" + COLUMNS)
                .param("lease", Timestamp.from(leaseUntil)).param("now", Timestamp.from(now)).param("limit", limit)
                .query(Recharges::map).list();
    }

    PageResponse<Recharge> list(TenantId tenant, PageRequest page, @Nullable RechargeStatus status) {
        String where = " where tenant_id = :tenant" + (status == null ? "" : " and status = :status");
        var count = jdbc.sql("select count(*) from recharges" + where).param("tenant", tenant.value());
        var rows = jdbc.sql("select " + COLUMNS + " from recharges" + where + " order by " + page.orderBy()
                + ", reference limit :limit offset :offset").param("tenant", tenant.value())
                .param("limit", page.size()).param("offset", page.offset());
        if (status != null) {
            count = count.param("status", status.code());
            rows = rows.param("status", status.code());
        }
        return page.response(rows.query(Recharges::map).list(), count.query(Long.class).single());
    }

    PageResponse<Recharge> flagged(PageRequest page) {
        long total = jdbc.sql("select count(*) from recharges where status = 'flagged'").query(Long.class).single();
        List<Recharge> items = new ArrayList<>(jdbc.sql("select " + COLUMNS + " from recharges where status ="
                + " 'flagged' order by " + page.orderBy() + " limit :limit offset :offset")
                .param("limit", page.size()).param("offset", page.offset()).query(Recharges::map).list());
        return page.response(items, total);
    }

    static Recharge map(ResultSet rs, int row) throws SQLException {
        String currency = rs.getString("currency");
        return new Recharge(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getString("reference"),
                Gateway.fromCode(rs.getString("gateway")), Money.of(rs.getBigDecimal("amount"), currency),
                RechargeStatus.fromCode(rs.getString("status")), rs.getString("return_url"),
                rs.getString("checkout_url"), rs.getString("gateway_session_id"), rs.getString("gateway_payment_id"),
                Money.of(rs.getBigDecimal("refunded_amount"), currency), rs.getString("flag_reason"),
                rs.getInt("confirm_attempts"), instant(rs, "next_confirm_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"), instant(rs, "paid_at"));
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
