package org.atrium.identity.internal;

/**
 * The two kinds of people who sign in with a browser: platform staff (the HQ) and a tenant's users (its portal).
 * Each has its own accounts table, login page, session cookie and session attributes, so that a session of one
 * realm carries nothing the other would read.
 */
enum Realm {

    STAFF("staff", "staff_users", "ATRIUM_HQ"),
    TENANT("tenant", "tenant_users", "ATRIUM_PORTAL");

    private final String code;
    private final String accounts;
    private final String cookie;

    Realm(String code, String accounts, String cookie) {
        this.code = code;
        this.accounts = accounts;
        this.cookie = cookie;
    }

    String code() {
        return code;
    }

    /** The table of its accounts (a constant, never user input, so it may be written into SQL). */
    String accounts() {
        return accounts;
    }

    String cookie() {
        return cookie;
    }

    String deviceCookie() {
        return cookie + "_DEVICE";
    }

    /** The session attribute that holds a signed-in identity of this realm. */
    String identityAttribute() {
        return "atrium." + code + ".identity";
    }

    String pendingAttribute() {
        return "atrium." + code + ".pending";
    }

    /** The principal name Spring Session indexes sessions by: realm and account, never an email. */
    String principalName(java.util.UUID account) {
        return code + ":" + account;
    }
}
