package org.atrium.operations;

/** Reads and changes the global settings. */
public interface Settings {

    /** The current settings, from a cache that every change refreshes. */
    PlatformSettings current();

    /**
     * Applies a JSON merge patch (RFC 7396) to the settings, validates the result and audits the change.
     *
     * @param expectedVersion the version the caller last read (If-Match), or null to skip the check
     */
    PlatformSettings update(String mergePatchJson, Integer expectedVersion);
}
