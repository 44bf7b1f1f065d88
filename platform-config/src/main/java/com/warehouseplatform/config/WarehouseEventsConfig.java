package com.warehouseplatform.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Which of the warehouse's own events (a failed resume, a failed snapshot, a security event, a maintenance notice)
 * reach the alert topic. On by default, with every category at severity ERROR: a data engineer expects failures to be
 * visible without asking. {@code enabled: false} turns them off.
 *
 * <p>The categories and severities are Redshift's ("Amazon Redshift event categories and event messages",
 * https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-event-messages.html; AWS::Redshift::EventSubscription,
 * EventCategories and Severity). {@code INFO} means every event, INFO and ERROR alike: Redshift has only the two
 * severities, and a subscription without a severity delivers both.
 *
 * @param severity {@code ERROR} (failures only) or {@code INFO} (everything)
 */
public record WarehouseEventsConfig(boolean enabled, String severity, List<String> categories) {
    /** Redshift's event categories, lower case as AWS::Redshift::EventSubscription takes them. */
    public static final List<String> CATEGORIES =
            List.of("configuration", "management", "monitoring", "security", "pending");

    public static final List<String> SEVERITIES = List.of("ERROR", "INFO");

    /** The default: every category, failures only. */
    public static final WarehouseEventsConfig DEFAULTS = new WarehouseEventsConfig(true, "ERROR", CATEGORIES);

    /** Whether only ERROR events are wanted (else every event). */
    public boolean errorsOnly() {
        return "ERROR".equals(severity);
    }

    static WarehouseEventsConfig read(YamlObject o) {
        if (o == null) {
            return null;
        }
        Boolean enabled = o.bool("enabled", true);
        String severity = o.string("severity", "ERROR");
        if (severity != null && !SEVERITIES.contains(severity)) {
            o.problem("severity", "\"" + severity + "\" is not a Redshift event severity (ERROR or INFO)");
            severity = null;
        }
        List<String> categories = CATEGORIES;
        boolean categoriesOk = true;
        if (o.has("categories")) {
            categories = o.strings("categories", false);
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < categories.size(); i++) {
                String category = categories.get(i);
                if (!CATEGORIES.contains(category)) {
                    o.problem(
                            "categories[" + i + "]",
                            "\"" + category + "\" is not a Redshift event category (" + String.join(", ", CATEGORIES)
                                    + ")");
                    categoriesOk = false;
                } else if (seen.contains(category)) {
                    o.problem("categories[" + i + "]", "\"" + category + "\" is listed twice");
                    categoriesOk = false;
                }
                seen.add(category);
            }
            if (categories.isEmpty()) {
                o.problem(
                        "categories",
                        "must name at least one category; to turn warehouse events off, write enabled: false");
                categoriesOk = false;
            }
        } else {
            o.strings("categories", false);
        }
        if (enabled == null || severity == null || !categoriesOk) {
            return null;
        }
        return new WarehouseEventsConfig(enabled, severity, List.copyOf(categories));
    }
}
