package org.atrium.tenancy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import org.atrium.platform.PageRequest;
import org.atrium.platform.PageResponse;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.atrium.platform.database.SqlArray;
import org.atrium.tenancy.Tenant;
import org.atrium.tenancy.TenantQuery;
import org.atrium.tenancy.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectMapper;

/**
 * Tenants in one table, in explicit SQL; rows are read by column name. It stores what {@link Tenant}'s changes
 * decided: {@link #saveAll} writes every changed tenant of a batch with one statement. Locks are
 * {@code for no key update}, which does not conflict with the key-share locks inserts of tenant-owned rows take.
 */
@Repository
class TenantStore {

    private static final TypeReference<Map<String, Boolean>> FEATURES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    private final FeatureSwitchCatalogue switches;

    TenantStore(JdbcClient jdbc, ObjectMapper json, FeatureSwitchCatalogue switches) {
        this.switches = switches;
        this.jdbc = jdbc;
        this.json = json.rebuild().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    ObjectMapper json() {
        return json;
    }

    /** A tenant that is not deleted, by slug. */
    Optional<Tenant> findBySlug(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug and deleted_at is null").param("slug", slug)
                .query(this::tenant).optional();
    }

    Optional<Tenant> find(TenantId id) {
        return jdbc.sql("select * from tenants where id = :id").param("id", id.value()).query(this::tenant).optional();
    }

    Map<TenantId, Tenant> findAll(Collection<TenantId> ids) {
        Map<TenantId, Tenant> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        jdbc.sql("select * from tenants where id = any(:ids)").param("ids", SqlArray.of("uuid", ids, TenantId::value))
                .query(this::tenant).list().forEach(t -> found.put(t.id(), t));
        return found;
    }

    /** The tenants, locked in id order (so that two batches cannot deadlock); ids without a tenant are absent. */
    Map<TenantId, Tenant> lockAll(Collection<TenantId> ids) {
        List<UUID> sorted = ids.stream().map(TenantId::value).distinct().sorted().toList();
        Map<TenantId, Tenant> locked = new HashMap<>();
        jdbc.sql("select * from tenants where id = any(:ids) order by id for no key update")
                .param("ids", SqlArray.of("uuid", sorted)).query(this::tenant).list()
                .forEach(t -> locked.put(t.id(), t));
        return locked;
    }

    Tenant lock(TenantId id) {
        return jdbc.sql("select * from tenants where id = :id for no key update").param("id", id.value())
                .query(this::tenant).optional().orElseThrow(() -> ProblemException.notFound("Tenant", id.toString()));
    }

    /** A tenant that is not deleted, locked, or a 404 problem. */
    Tenant lockBySlug(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug and deleted_at is null for no key update")
                .param("slug", slug).query(this::tenant).optional()
                .orElseThrow(() -> ProblemException.notFound("Tenant", slug));
    }

    /** A tenant, deleted or not, locked, or a 404 problem. */
    Tenant lockBySlugEvenDeleted(String slug) {
        return jdbc.sql("select * from tenants where slug = :slug for no key update").param("slug", slug)
                .query(this::tenant).optional().orElseThrow(() -> ProblemException.notFound("Tenant", slug));
    }

    boolean slugTaken(String slug) {
        return jdbc.sql("select exists(select 1 from tenants where slug = :slug)").param("slug", slug)
                .query(Boolean.class).single();
    }

    PageResponse<Tenant> list(TenantQuery query, PageRequest page) {
        StringBuilder where = new StringBuilder(query.deleted() ? " where deleted_at is not null"
                : " where deleted_at is null");
        Map<String, Object> params = new HashMap<>();
        if (query.status() != null) {
            if (query.status() == TenantStatus.SUSPENDED) {
                where.append(" and (status = 'suspended' or suspended_at is not null)");
            } else {
                where.append(" and status = :status and suspended_at is null");
                params.put("status", query.status().code());
            }
        }
        if (query.plan() != null) {
            where.append(" and plan_slug = :plan");
            params.put("plan", query.plan());
        }
        if (query.q() != null && !query.q().isBlank()) {
            where.append(" and (name ilike :q or slug ilike :q or legal_name ilike :q"
                    + " or contact ->> 'email' ilike :q or contact ->> 'billingEmail' ilike :q)");
            params.put("q", "%" + query.q().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (query.createdFrom() != null) {
            where.append(" and created_at >= :createdFrom");
            params.put("createdFrom", Timestamp.from(query.createdFrom()));
        }
        if (query.createdTo() != null) {
            where.append(" and created_at < :createdTo");
            params.put("createdTo", Timestamp.from(query.createdTo()));
        }
        if (query.among() != null) {
            where.append(" and id = any(:among)");
            params.put("among", SqlArray.of("uuid", query.among(), TenantId::value));
        }
        long total = jdbc.sql("select count(*) from tenants" + where).params(params).query(Long.class).single();
        List<Tenant> items = jdbc.sql("select * from tenants" + where + " order by " + page.orderBy()
                + ", id limit :limit offset :offset").params(params).param("limit", page.size())
                .param("offset", page.offset()).query(this::tenant).list();
        return page.response(items, total);
    }

    /** Writes a new tenant. */
    void insert(Tenant t) {
        jdbc.sql("""
                insert into tenants (id, slug, name, legal_name, status, plan_slug, contact, timezone, currency, locale,
                                     features, created_at, updated_at)
                values (:id, :slug, :name, :legalName, :status, :plan, cast(:contact as jsonb), :timezone, :currency,
                        :locale, cast(:features as jsonb), :createdAt, :updatedAt)
                """).param("id", t.id().value()).param("slug", t.slug()).param("name", t.name())
                .param("legalName", t.legalName()).param("status", t.status().code()).param("plan", t.plan())
                .param("contact", json.writeValueAsString(t.contact())).param("timezone", t.regional().timezone())
                .param("currency", t.regional().currency()).param("locale", t.regional().locale())
                .param("features", json.writeValueAsString(t.features()))
                .param("createdAt", Timestamp.from(t.createdAt())).param("updatedAt", Timestamp.from(t.updatedAt()))
                .update();
    }

    /** Writes what may change of a tenant. */
    void save(Tenant t) {
        saveAll(List.of(t));
    }

    /** Writes what may change of several tenants, with one statement. */
    void saveAll(List<Tenant> tenants) {
        if (tenants.isEmpty()) {
            return;
        }
        jdbc.sql("""
                update tenants t set name = x.name, legal_name = x.legal_name, status = x.status, plan_slug = x.plan,
                       contact = cast(x.contact as jsonb), timezone = x.timezone, currency = x.currency,
                       locale = x.locale, features = cast(x.features as jsonb), suspension_reason = x.reason,
                       suspended_at = x.suspended_at, suspended_by = x.suspended_by, deleted_at = x.deleted_at,
                       version = x.version, updated_at = x.updated_at
                from unnest(:ids, :names, :legalNames, :statuses, :plans, :contacts, :timezones, :currencies,
                            :locales, :features, :reasons, :suspendedAt, :suspendedBy, :deletedAt, :versions,
                            :updatedAt)
                     as x(id, name, legal_name, status, plan, contact, timezone, currency, locale, features, reason,
                          suspended_at, suspended_by, deleted_at, version, updated_at)
                where t.id = x.id
                """).param("ids", SqlArray.of("uuid", tenants, t -> t.id().value()))
                .param("names", SqlArray.of("text", tenants, Tenant::name))
                .param("legalNames", SqlArray.of("text", tenants, Tenant::legalName))
                .param("statuses", SqlArray.of("text", tenants, t -> t.status().code()))
                .param("plans", SqlArray.of("text", tenants, Tenant::plan))
                .param("contacts", SqlArray.of("text", tenants, t -> json.writeValueAsString(t.contact())))
                .param("timezones", SqlArray.of("text", tenants, t -> t.regional().timezone()))
                .param("currencies", SqlArray.of("text", tenants, t -> t.regional().currency()))
                .param("locales", SqlArray.of("text", tenants, t -> t.regional().locale()))
                .param("features", SqlArray.of("text", tenants, t -> json.writeValueAsString(t.features())))
                .param("reasons", SqlArray.of("text", tenants, t -> t.suspension() == null ? null
                        : t.suspension().reason()))
                .param("suspendedAt", SqlArray.of("timestamptz", tenants, t -> t.suspension() == null ? null
                        : Timestamp.from(t.suspension().since())))
                .param("suspendedBy", SqlArray.of("text", tenants, t -> t.suspension() == null ? null
                        : t.suspension().by()))
                .param("deletedAt", SqlArray.of("timestamptz", tenants, t -> timestamp(t.deletedAt())))
                .param("versions", SqlArray.of("int4", tenants, Tenant::version))
                .param("updatedAt", SqlArray.of("timestamptz", tenants, t -> Timestamp.from(t.updatedAt())))
                .update();
    }

    private static @Nullable Timestamp timestamp(@Nullable Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private Tenant tenant(ResultSet rs, int n) throws SQLException {
        Timestamp suspendedAt = rs.getTimestamp("suspended_at");
        Tenant.Suspension suspension = suspendedAt == null ? null
                : new Tenant.Suspension(rs.getString("suspension_reason"), suspendedAt.toInstant(),
                        rs.getString("suspended_by"));
        Timestamp deletedAt = rs.getTimestamp("deleted_at");
        return new Tenant(TenantId.of(rs.getObject("id", UUID.class)), rs.getString("slug"), rs.getString("name"),
                rs.getString("legal_name"), TenantStatus.fromCode(rs.getString("status")), suspension,
                rs.getString("plan_slug"), json.readValue(rs.getString("contact"), Tenant.Contact.class),
                new Tenant.Regional(rs.getString("timezone"), rs.getString("currency"), rs.getString("locale")),
                switches.effective(json.readValue(rs.getString("features"), FEATURES)), rs.getInt("version"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                deletedAt == null ? null : deletedAt.toInstant());
    }
}
