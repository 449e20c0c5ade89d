package org.atrium.tenancy;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The feature switches every tenant has, with their defaults. The owner may add custom keys; these cannot be
 * removed, only switched off.
 */
public final class TenantFeatures {

    public static final Map<String, Boolean> DEFAULTS;

    static {
        Map<String, Boolean> defaults = new LinkedHashMap<>();
        defaults.put("borrowerSelfRegistration", false);
        defaults.put("manualLoanApproval", true);
        defaults.put("automaticDisbursement", false);
        defaults.put("lateFeeAutomation", false);
        defaults.put("multiLevelApproval", false);
        DEFAULTS = java.util.Collections.unmodifiableMap(defaults);
    }

    private TenantFeatures() {
    }
}
