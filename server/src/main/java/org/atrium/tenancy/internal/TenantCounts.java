package org.atrium.tenancy.internal;

import java.util.EnumMap;
import java.util.Map;

import org.atrium.tenancy.TenantFigures;
import org.atrium.tenancy.TenantStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** One grouped count over the tenants' status index. */
@Repository
class TenantCounts implements TenantFigures {

    private final JdbcClient jdbc;

    TenantCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<TenantStatus, Long> countByStatus() {
        Map<TenantStatus, Long> counts = new EnumMap<>(TenantStatus.class);
        jdbc.sql("select status, count(*) as n from tenants where deleted_at is null group by status")
                .query((rs, n) -> counts.put(TenantStatus.fromCode(rs.getString("status")), rs.getLong("n"))).list();
        return counts;
    }
}
