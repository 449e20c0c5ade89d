package org.atrium.tenancy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The owner's catalogue of feature switches, which a tenant's {@code features} are validated against. Every change
 * is audited. Removing a switch leaves tenants' stored values in place but without effect: they are no longer shown
 * and are dropped at the tenant's next change.
 */
public interface FeatureSwitches {

    /** The catalogue, by key. */
    List<FeatureSwitch> all();

    Optional<FeatureSwitch> find(String key);

    /** The switch, or a 404 problem. */
    FeatureSwitch require(String key);

    /**
     * Adds a switch from a JSON body ({@code key}, {@code name}, {@code description}, {@code defaultValue},
     * {@code tenantEditable}); 400 naming the field when invalid, 409 when the key exists.
     */
    FeatureSwitch create(String body);

    /** Changes name, description, default or tenantEditable with a JSON merge patch; the key is immutable. */
    FeatureSwitch update(String key, String patch);

    /** Removes the switch from the catalogue (404 if it is not there). */
    void remove(String key);

    /** The value every switch of the catalogue has for a new tenant. */
    Map<String, Boolean> defaults();

    /**
     * A tenant's switches as they count: every switch of the catalogue, with the tenant's stored value or else the
     * default; stored values of switches no longer in the catalogue are left out.
     */
    Map<String, Boolean> effective(Map<String, Boolean> stored);
}
