package org.atrium.identity.internal;

import java.util.List;

import org.atrium.identity.TenantTeams;
import org.atrium.identity.TenantUser;
import org.atrium.platform.TenantId;
import org.springframework.stereotype.Service;

/** {@link TenantTeams}, read from the same rows the team pages change. */
@Service
class TeamDirectory implements TenantTeams {

    private final TenantUsers users;

    TeamDirectory(TenantUsers users) {
        this.users = users;
    }

    @Override
    public List<TenantUser> members(TenantId tenant) {
        return users.list(tenant);
    }

    @Override
    public int invitationsSent(TenantId tenant) {
        return users.invitations(tenant).size();
    }
}
