package com.warehouseplatform.config;

import com.warehouseplatform.contract.LoaderContract;
import java.util.Set;
import java.util.regex.Pattern;

/** Rules for names Redshift accepts as database and user names (loader tables and columns: LoaderContract). */
final class RedshiftNames {
    static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_$]{0,62}");
    /** Redshift's reserved words, as the loader contract lists them. */
    static final Set<String> RESERVED = LoaderContract.RESERVED_WORDS;

    private RedshiftNames() {}

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
