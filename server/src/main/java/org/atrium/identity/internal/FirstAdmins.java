package org.atrium.identity.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;

import org.atrium.audit.AuditEntry;
import org.atrium.audit.AuditLog;
import org.atrium.platform.Actor;
import org.atrium.platform.ProblemException;
import org.atrium.platform.TenantId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A first admin for a tenant that has none: tenants created before tenant users existed, or created without an
 * {@code adminEmail}. Staff invite one by email, as a team's admin invites a member (single-use link, 7 days, the
 * plan's {@code max_users} respected); only while the tenant has no active admin and no open admin invitation.
 */
@Service
class FirstAdmins {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final TenantUsers users;

    FirstAdmins(JdbcClient jdbc, Clock clock, AuditLog audit, TenantUsers users) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.users = users;
    }

    @Transactional
    TenantUsers.Invitation invite(TenantId tenant, String email) {
        String address = TenantUsers.requireEmail(email);
        // Two staff members inviting at once must not both pass the checks below.
        jdbc.sql("select pg_advisory_xact_lock(hashtext('first-admin:' || cast(:t as text)))")
                .param("t", tenant.value()).query().listOfRows();
        boolean hasAdmin = jdbc.sql("""
                select exists(select 1 from tenant_users where tenant_id = :t and role = 'tenant_admin' and active)
                """).param("t", tenant.value()).query(Boolean.class).single();
        if (hasAdmin) {
            throw ProblemException.conflict("tenant-has-admin",
                    "The tenant already has an admin, who invites the rest of the team");
        }
        boolean invited = jdbc.sql("""
                select exists(select 1 from tenant_invitations where tenant_id = :t and role = 'tenant_admin'
                              and accepted_at is null and revoked_at is null and expires_at > :now)
                """).param("t", tenant.value()).param("now", Timestamp.from(clock.instant())).query(Boolean.class)
                .single();
        if (invited) {
            throw ProblemException.conflict("first-admin-invited",
                    "An admin invitation is already open for this tenant; resend or revoke it");
        }
        TenantUsers.Invitation invitation = users.invite(tenant, address, "tenant_admin", Actor.current().display());
        audit.record(AuditEntry.of("tenant_user.first_admin_invited", tenant, invitation.email(), null,
                Map.of("invitation", invitation.id().toString(), "by", Actor.current().display())));
        return invitation;
    }
}
