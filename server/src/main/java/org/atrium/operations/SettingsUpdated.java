package org.atrium.operations;

/** Published after the global settings changed. */
public record SettingsUpdated(int version) {
}
