package org.atrium.developer;

import java.util.ArrayList;
import java.util.List;

/**
 * What a tenant API key may do: {@code <resource>:read} or {@code <resource>:write}. A write scope does not imply
 * the read scope of the same resource.
 */
public final class ApiScope {

    public static final List<String> RESOURCES = List.of("tenant", "subscription", "invoices", "wallet", "recharges",
            "usage", "entitlements", "webhooks", "api-keys", "team");

    public static final List<String> ALL;

    static {
        List<String> all = new ArrayList<>();
        for (String resource : RESOURCES) {
            all.add(resource + ":read");
            all.add(resource + ":write");
        }
        ALL = List.copyOf(all);
    }

    private ApiScope() {
    }
}
