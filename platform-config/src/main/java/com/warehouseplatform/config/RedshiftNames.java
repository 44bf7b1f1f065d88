package com.warehouseplatform.config;

import java.util.Set;
import java.util.regex.Pattern;

/** Rules for names Redshift accepts as database and user names. */
final class RedshiftNames {
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    /** A few reserved words users are likely to try; Redshift rejects all of its reserved words. */
    static final Set<String> RESERVED = Set.of(
            "all", "analyse", "analyze", "and", "any", "as", "asc", "authorization", "between", "both",
            "case", "cast", "check", "column", "constraint", "create", "current_date", "current_user",
            "default", "desc", "distinct", "do", "else", "end", "except", "false", "for", "foreign",
            "from", "grant", "group", "having", "in", "into", "is", "join", "leading", "limit", "new",
            "not", "null", "off", "offset", "old", "on", "only", "or", "order", "primary", "public",
            "references", "select", "session_user", "similar", "table", "then", "to", "true", "union",
            "unique", "user", "using", "when", "where", "with");

    private RedshiftNames() {
    }

    /** The reason {@code name} is not a usable identifier, or {@code null}. */
    static String problem(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            return "\"" + name + "\" is not a valid Redshift identifier (lower-case letters, digits, _ and $, "
                    + "starting with a letter or _, at most 63 characters)";
        }
        if (RESERVED.contains(name)) {
            return "\"" + name + "\" is a reserved word in Redshift";
        }
        return null;
    }
}
