package org.atrium.metering;

/**
 * The outcome of {@link Metering#consume}: whether the quantity was taken, and the usage after the attempt (after
 * taking it, or unchanged when refused).
 */
public record Consumption(boolean consumed, long current) {
}
