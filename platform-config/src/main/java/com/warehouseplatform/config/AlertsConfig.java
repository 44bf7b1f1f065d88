package com.warehouseplatform.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Who is told when a loader cannot load, and which of the warehouse's own events reach them too.
 *
 * @param warehouseEvents the warehouse events sent to the alert topic; {@link WarehouseEventsConfig#DEFAULTS} when
 *     the key is absent
 */
public record AlertsConfig(List<String> emails, WarehouseEventsConfig warehouseEvents) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    /** No emails, the default warehouse events: what an environment without an alerts section gets. */
    static final AlertsConfig NONE = new AlertsConfig(List.of(), WarehouseEventsConfig.DEFAULTS);

    static AlertsConfig read(YamlObject o) {
        if (o == null) {
            return NONE;
        }
        List<String> emails = o.strings("emails", false);
        for (String email : emails) {
            if (!EMAIL.matcher(email).matches()) {
                o.problem("emails", "\"" + email + "\" is not an email address");
            }
        }
        WarehouseEventsConfig events = WarehouseEventsConfig.DEFAULTS;
        if (o.has("warehouseEvents")) {
            YamlObject section = o.object("warehouseEvents", false);
            events = WarehouseEventsConfig.read(section);
            if (section != null) {
                section.rejectUnknownKeys();
            }
            if (events == null) {
                return null;
            }
        } else {
            o.given("warehouseEvents");
        }
        return new AlertsConfig(emails, events);
    }
}
