package org.atrium.subscriptions.internal;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.atrium.platform.TenantId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the sandbox clocks: the platform's offset, the tenants' test clocks, and the advances in the
 * background with their progress. Offsets only grow: every write is {@code greatest(stored, new)}.
 */
@Repository
class SandboxClocks {

    private final JdbcClient jdbc;

    SandboxClocks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Duration> platformOffset() {
        return jdbc.sql("select offset_nanos from sandbox_clock").query(Long.class).optional().map(Duration::ofNanos);
    }

    /** Stores the platform's offset unless a larger one is stored already; returns the one stored now. */
    Duration savePlatformOffset(Duration offset) {
        return Duration.ofNanos(jdbc.sql("""
                insert into sandbox_clock (id, offset_nanos) values (true, :offset)
                on conflict (id) do update set offset_nanos = greatest(sandbox_clock.offset_nanos, excluded.offset_nanos),
                    updated_at = now()
                returning offset_nanos
                """).param("offset", offset.toNanos()).query(Long.class).single());
    }

    Map<TenantId, Duration> tenantOffsets() {
        Map<TenantId, Duration> offsets = new HashMap<>();
        jdbc.sql("select tenant_id, offset_nanos from sandbox_tenant_clocks").query((rs, n) -> {
            offsets.put(new TenantId(rs.getObject(1, UUID.class)), Duration.ofNanos(rs.getLong(2)));
            return null;
        }).list();
        return offsets;
    }

    Optional<Duration> tenantOffset(TenantId tenant) {
        return jdbc.sql("select offset_nanos from sandbox_tenant_clocks where tenant_id = :tenant")
                .param("tenant", tenant.value()).query(Long.class).optional().map(Duration::ofNanos);
    }

    /** Creates the tenant's clock or moves it forward (never back); returns the offset stored now. */
    Duration saveTenantOffset(TenantId tenant, Duration offset) {
        return Duration.ofNanos(jdbc.sql("""
                insert into sandbox_tenant_clocks (tenant_id, offset_nanos) values (:tenant, :offset)
                on conflict (tenant_id) do update
                    set offset_nanos = greatest(sandbox_tenant_clocks.offset_nanos, excluded.offset_nanos),
                        updated_at = now()
                returning offset_nanos
                """).param("tenant", tenant.value()).param("offset", offset.toNanos()).query(Long.class).single());
    }

    enum State {
        RUNNING, COMPLETED, CANCELLED, INTERRUPTED, FAILED;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record Advance(UUID id, @Nullable TenantId tenant, State state, Instant startedFrom, Instant target, int daysTotal,
            int daysDone, int actions, boolean cancelRequested, @Nullable String requestedBy, @Nullable String error,
            @Nullable Instant finishedAt) {
    }

    /** Records a new running advance; false when the clock already has one running. */
    boolean start(Advance advance) {
        return jdbc.sql("""
                insert into sandbox_clock_advances (id, tenant_id, state, started_from, target, days_total,
                    requested_by)
                values (:id, :tenant, 'running', :from, :target, :total, :by)
                on conflict do nothing
                """).param("id", advance.id())
                .param("tenant", advance.tenant() == null ? null : advance.tenant().value())
                .param("from", Timestamp.from(advance.startedFrom())).param("target", Timestamp.from(advance.target()))
                .param("total", advance.daysTotal()).param("by", advance.requestedBy()).update() == 1;
    }

    void progress(UUID id, int daysDone, int actions) {
        jdbc.sql("update sandbox_clock_advances set days_done = :done, actions = :actions, updated_at = now() "
                + "where id = :id").param("id", id).param("done", daysDone).param("actions", actions).update();
    }

    void finish(UUID id, State state, @Nullable String error) {
        jdbc.sql("""
                update sandbox_clock_advances set state = :state, error = :error, updated_at = now(), finished_at = now()
                where id = :id and state = 'running'
                """).param("id", id).param("state", state.code()).param("error", error).update();
    }

    /** Asks the running advance of a clock to stop after the day it is on; returns it, if there is one. */
    Optional<Advance> requestCancel(@Nullable TenantId tenant) {
        // One statement: the advance that was running when the request arrived is the one answered, even when it
        // ends (cancelled or completed) a moment later.
        return clockOf(tenant, "update sandbox_clock_advances set cancel_requested = true, updated_at = now() "
                + "where state = 'running' and ", " returning *").query(SandboxClocks::advance).optional();
    }

    /** The statement with the condition that selects the advances of the platform's clock or of a tenant's. */
    private JdbcClient.StatementSpec clockOf(@Nullable TenantId tenant, String sql) {
        return clockOf(tenant, sql, "");
    }

    private JdbcClient.StatementSpec clockOf(@Nullable TenantId tenant, String sql, String tail) {
        return tenant == null ? jdbc.sql(sql + "tenant_id is null" + tail)
                : jdbc.sql(sql + "tenant_id = :tenant" + tail).param("tenant", tenant.value());
    }

    boolean cancelRequested(UUID id) {
        // An advance another node marked interrupted stops too.
        return jdbc.sql("select cancel_requested or state <> 'running' from sandbox_clock_advances where id = :id")
                .param("id", id).query(Boolean.class).single();
    }

    Optional<Advance> running(@Nullable TenantId tenant) {
        return clockOf(tenant, "select * from sandbox_clock_advances where state = 'running' and ")
                .query(SandboxClocks::advance).optional();
    }

    /** The clock's latest advance, running or not. */
    Optional<Advance> latest(@Nullable TenantId tenant) {
        String where = tenant == null ? "tenant_id is null" : "tenant_id = :tenant";
        var sql = jdbc.sql("select * from sandbox_clock_advances where " + where + " order by seq desc limit 1");
        return (tenant == null ? sql : sql.param("tenant", tenant.value())).query(SandboxClocks::advance).optional();
    }

    Optional<Advance> find(UUID id) {
        return jdbc.sql("select * from sandbox_clock_advances where id = :id").param("id", id)
                .query(SandboxClocks::advance).optional();
    }

    List<Advance> allRunning() {
        return jdbc.sql("select * from sandbox_clock_advances where state = 'running'").query(SandboxClocks::advance)
                .list();
    }

    private static Advance advance(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        UUID tenant = rs.getObject("tenant_id", UUID.class);
        Timestamp finished = rs.getTimestamp("finished_at");
        return new Advance(rs.getObject("id", UUID.class), tenant == null ? null : new TenantId(tenant),
                State.valueOf(rs.getString("state").toUpperCase(java.util.Locale.ROOT)),
                rs.getTimestamp("started_from").toInstant(), rs.getTimestamp("target").toInstant(),
                rs.getInt("days_total"), rs.getInt("days_done"), rs.getInt("actions"),
                rs.getBoolean("cancel_requested"), rs.getString("requested_by"), rs.getString("error"),
                finished == null ? null : finished.toInstant());
    }
}
