package org.atrium.identity.internal;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;

/** Where a browser request came from, as audited and shown in a session list. */
record ClientInfo(String address, String userAgent) {

    static ClientInfo of(HttpServletRequest request) {
        @Nullable String agent = request.getHeader("User-Agent");
        String trimmed = agent == null ? "" : agent.length() > 300 ? agent.substring(0, 300) : agent;
        return new ClientInfo(request.getRemoteAddr(), trimmed);
    }
}
