package org.atrium.branding.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of custom domains. */
@Repository
class DomainRows {

    record Row(TenantId tenant, String domain, String token, String status, Instant createdAt,
            @Nullable Instant verifiedAt, @Nullable Instant lastCheckedAt, @Nullable String lastError) {
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(new TenantId(rs.getObject("tenant_id", UUID.class)),
            rs.getString("domain"), rs.getString("token"), rs.getString("status"), instant(rs, "created_at"),
            instant(rs, "verified_at"), instant(rs, "last_checked_at"), rs.getString("last_error"));

    private final JdbcClient jdbc;

    DomainRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<Row> list(TenantId tenant) {
        return jdbc.sql("select * from custom_domains where tenant_id = :tenant order by domain")
                .param("tenant", tenant.value()).query(ROW).list();
    }

    Optional<Row> find(TenantId tenant, String domain, boolean lock) {
        return jdbc.sql("select * from custom_domains where tenant_id = :tenant and domain = :domain"
                + (lock ? " for update" : "")).param("tenant", tenant.value()).param("domain", domain).query(ROW)
                .optional();
    }

    /** Platform query: the tenant that holds the domain verified or suspended. */
    Optional<Row> claim(String domain) {
        return jdbc.sql("select * from custom_domains where domain = :domain and status in ('verified', 'suspended')")
                .param("domain", domain).query(ROW).optional();
    }

    void insert(TenantId tenant, String domain, String token, Instant now) {
        jdbc.sql("""
                insert into custom_domains (tenant_id, domain, token, status, created_at)
                values (:tenant, :domain, :token, 'pending', :now)
                """).param("tenant", tenant.value()).param("domain", domain).param("token", token)
                .param("now", Timestamp.from(now)).update();
    }

    void checked(TenantId tenant, String domain, String status, @Nullable Instant verifiedAt, Instant now,
            @Nullable String error) {
        jdbc.sql("""
                update custom_domains set status = :status, verified_at = :verifiedAt, last_checked_at = :now,
                    last_error = :error
                where tenant_id = :tenant and domain = :domain
                """).param("tenant", tenant.value()).param("domain", domain).param("status", status)
                .param("verifiedAt", verifiedAt == null ? null : Timestamp.from(verifiedAt))
                .param("now", Timestamp.from(now)).param("error", error).update();
    }

    int delete(TenantId tenant, String domain) {
        return jdbc.sql("delete from custom_domains where tenant_id = :tenant and domain = :domain")
                .param("tenant", tenant.value()).param("domain", domain).update();
    }

    /** Platform query for the daily re-check. */
    List<Row> claimed() {
        return jdbc.sql("select * from custom_domains where status in ('verified', 'suspended') order by domain")
                .query(ROW).list();
    }

    private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
