package org.atrium.catalog;

/** Published after a plan was created, edited, activated or deactivated. */
public record PlanChanged(String slug, String change) {
}
