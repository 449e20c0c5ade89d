package org.atrium.identity;

import java.util.List;

import org.atrium.platform.TenantId;

/** A tenant's team as the portal's shell and its onboarding read it (changes go through the team pages). */
public interface TenantTeams {

    /** The tenant's active users. */
    List<TenantUser> members(TenantId tenant);

    /** How many invitations the tenant has ever sent, accepted, open or not. */
    int invitationsSent(TenantId tenant);
}
