package com.warehouseplatform.local;

import java.util.Locale;
import java.util.Set;

/**
 * Redshift's user-group statements, held to Redshift's grammar before PostgreSQL runs them as they are
 * (PostgreSQL has both, as spellings of its role statements, and accepts much more):
 * <ul>
 *   <li>{@code CREATE GROUP g [[WITH] [USER u [, ...]]]} (r_CREATE_GROUP): PostgreSQL's role options
 *       ({@code SUPERUSER}, {@code LOGIN}, {@code PASSWORD}, {@code IN ROLE}, {@code ADMIN}, {@code SYSID}, ...)
 *       are refused by name;
 *   <li>{@code ALTER GROUP g {ADD USER u [, ...] | DROP USER u [, ...] | RENAME TO n}} (r_ALTER_GROUP): no other
 *       form, and {@code g} is a group's name, not PostgreSQL's {@code CURRENT_USER}/{@code SESSION_USER}/
 *       {@code CURRENT_ROLE};
 *   <li>a group name beginning with two underscores is refused: Redshift reserves them for its internal use
 *       (r_CREATE_GROUP, r_ALTER_GROUP RENAME TO).
 * </ul>
 */
final class GroupStatements {

    /** PostgreSQL's role specifications that Redshift's group statements do not take as names. */
    private static final Set<String> NOT_A_NAME = Set.of("CURRENT_USER", "SESSION_USER", "CURRENT_ROLE", "PUBLIC");

    private GroupStatements() {}

    static void check(SqlTokens t, int start, int end) {
        if (t.isWord(start, "CREATE") && t.isWord(start + 1, "GROUP")) {
            create(t, start + 2, end);
        } else if (t.isWord(start, "ALTER") && t.isWord(start + 1, "GROUP")) {
            alter(t, start + 2, end);
        }
    }

    private static void create(SqlTokens t, int name, int end) {
        groupName(t, name, "CREATE GROUP", "r_CREATE_GROUP");
        int i = name + 1;
        if (t.isWord(i, "WITH")) {
            i++;
        }
        if (i >= end) {
            return;
        }
        if (!t.isWord(i, "USER")) {
            throw new UnsupportedOperationException("CREATE GROUP takes only [WITH] USER username [, ...] in Redshift"
                    + " (r_CREATE_GROUP); PostgreSQL's role option " + shown(t.get(i)) + " is refused");
        }
        users(t, i + 1, end, "CREATE GROUP", "r_CREATE_GROUP");
    }

    private static void alter(SqlTokens t, int name, int end) {
        groupName(t, name, "ALTER GROUP", "r_ALTER_GROUP");
        int i = name + 1;
        if (t.isWord(i, "ADD", "DROP") && t.isWord(i + 1, "USER")) {
            users(t, i + 2, end, "ALTER GROUP", "r_ALTER_GROUP");
            return;
        }
        if (t.isWord(i, "RENAME") && t.isWord(i + 1, "TO") && i + 3 == end) {
            groupName(t, i + 2, "ALTER GROUP ... RENAME TO", "r_ALTER_GROUP");
            return;
        }
        throw new UnsupportedOperationException("ALTER GROUP takes ADD USER, DROP USER or RENAME TO in Redshift"
                + " (r_ALTER_GROUP), got " + shown(t.get(i)));
    }

    /** A group's name: a name (not a role specification), not one Redshift reserves. */
    private static void groupName(SqlTokens t, int i, String statement, String page) {
        SqlTokens.Token token = t.get(i);
        if (!isName(token)) {
            throw new UnsupportedOperationException(
                    statement + " names a group in Redshift (" + page + "), got " + shown(token));
        }
        if (token.name().startsWith("__")) {
            throw new UnsupportedOperationException("group name " + token.name()
                    + ": names beginning with two underscores are reserved for Amazon Redshift's internal use ("
                    + page + ")");
        }
    }

    /** {@code u [, ...]} up to the end of the statement. */
    private static void users(SqlTokens t, int from, int end, String statement, String page) {
        for (int i = from; ; i += 2) {
            if (!isName(t.get(i)) || i >= end) {
                throw new UnsupportedOperationException(statement + " USER takes user names in Redshift (" + page
                        + "), got " + shown(i >= end ? null : t.get(i)));
            }
            if (i + 1 >= end) {
                return;
            }
            if (!t.isSymbol(i + 1, ",")) {
                throw new UnsupportedOperationException(statement + " USER takes user names separated by commas"
                        + " in Redshift (" + page + "), got " + shown(t.get(i + 1)));
            }
        }
    }

    private static boolean isName(SqlTokens.Token token) {
        if (token == null) {
            return false;
        }
        if (token.kind == SqlTokens.Kind.QUOTED_NAME) {
            return true;
        }
        return token.kind == SqlTokens.Kind.WORD && !NOT_A_NAME.contains(token.keyword());
    }

    private static String shown(SqlTokens.Token token) {
        if (token == null) {
            return "nothing";
        }
        return token.kind == SqlTokens.Kind.WORD ? token.original.toUpperCase(Locale.ROOT) : token.original;
    }
}
