package org.atrium.metering;

import java.util.List;

/**
 * The outcome of recording a batch: how many events were new and which keys had been seen before (and were
 * therefore not counted again).
 */
public record RecordedUsage(int accepted, List<String> duplicateKeys) {

    public int duplicates() {
        return duplicateKeys.size();
    }
}
