package com.warehouseplatform.config;

import java.util.List;
import java.util.regex.Pattern;

/** Who is told when a loader cannot load. */
public record AlertsConfig(List<String> emails) {
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    static AlertsConfig read(YamlObject o) {
        if (o == null) {
            return new AlertsConfig(List.of());
        }
        List<String> emails = o.strings("emails", false);
        for (String email : emails) {
            if (!EMAIL.matcher(email).matches()) {
                o.problem("emails", "\"" + email + "\" is not an email address");
            }
        }
        return new AlertsConfig(emails);
    }
}
