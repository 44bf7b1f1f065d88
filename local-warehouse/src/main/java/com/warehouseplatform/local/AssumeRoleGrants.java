package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Redshift's ASSUMEROLE privilege (r_GRANT, r_GRANT-usage-notes, r_REVOKE): who may name which
 * IAM role in COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL. PostgreSQL has no such
 * privilege, so the grants live in the catalog table local_warehouse.assumerole_grants,
 * written on the statement's own connection (a rolled-back batch takes its grants back).
 *
 * <pre>
 * GRANT ASSUMEROLE ON { 'arn'[, 'arn'...] | default | ALL }
 *   TO { user | ROLE r | GROUP g | PUBLIC } [, ...]
 *   FOR { ALL | COPY | UNLOAD | EXTERNAL FUNCTION | CREATE MODEL } [, ...]
 * REVOKE ASSUMEROLE ON ... FROM ... FOR ...
 * </pre>
 * Only a superuser may grant or revoke it, and a superuser always holds it. Until a superuser
 * runs {@code REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL}, PUBLIC holds it on every role for
 * every command, as on a new cluster.
 */
final class AssumeRoleGrants {

    private static final Pattern STATEMENT =
            Pattern.compile("^\\s*(GRANT|REVOKE)\\s+ASSUMEROLE\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOKEN =
            Pattern.compile("\\s*('(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*|.)");
    private static final List<String> COMMANDS = List.of("ALL", "COPY", "UNLOAD", "EXTERNAL FUNCTION", "CREATE MODEL");

    /** A grantee: kind u(ser), g(roup), r(ole) or p(ublic), and its name. */
    record Grantee(char kind, String name) {}

    /** A parsed GRANT or REVOKE ASSUMEROLE; role "*" is ON ALL, "default" is ON default. */
    record Change(boolean grant, List<String> roles, List<Grantee> grantees, List<String> commands) {}

    private AssumeRoleGrants() {}

    static boolean isAssumeRole(String sql) {
        return STATEMENT.matcher(sql).find();
    }

    /** Applies a GRANT or REVOKE ASSUMEROLE on the statement's connection. */
    static void apply(Connection connection, String sql) throws SQLException {
        Change change = parse(sql);
        if (!isSuperuser(connection)) {
            throw new SQLException(
                    "permission denied: only a superuser can " + (change.grant() ? "grant" : "revoke")
                            + " the ASSUMEROLE privilege",
                    "42501");
        }
        for (Grantee grantee : change.grantees()) {
            requireExists(connection, grantee);
        }
        String write = change.grant()
                ? "INSERT INTO local_warehouse.assumerole_grants VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING"
                : "DELETE FROM local_warehouse.assumerole_grants WHERE grantee_kind = ? AND grantee = ?"
                        + " AND (role_arn = ? OR ? = '*') AND (command = ? OR ? = 'ALL')";
        try (PreparedStatement statement = connection.prepareStatement(write)) {
            for (String role : change.roles()) {
                for (Grantee grantee : change.grantees()) {
                    for (String command : change.commands()) {
                        statement.setString(1, String.valueOf(grantee.kind()));
                        statement.setString(2, grantee.name());
                        statement.setString(3, role);
                        if (change.grant()) {
                            statement.setString(4, command);
                        } else {
                            statement.setString(4, role);
                            statement.setString(5, command);
                            statement.setString(6, command);
                        }
                        statement.addBatch();
                    }
                }
            }
            statement.executeBatch();
        }
    }

    /**
     * Fails unless the connection's user may name {@code role} (an ARN or "default") in
     * {@code command}: a superuser, or a grant to PUBLIC, to the user, or to a group or role the
     * user is a member of, on that role or on ALL, for that command or for ALL.
     */
    static void check(Connection connection, String role, String command) throws SQLException {
        if (isSuperuser(connection)) {
            return;
        }
        String user;
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_user")) {
            rs.next();
            user = rs.getString(1);
        }
        boolean allowed;
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT sys.has_assumerole_privilege(?, ?, ?)")) {
            statement.setString(1, user);
            statement.setString(2, role);
            statement.setString(3, command);
            try (ResultSet rs = statement.executeQuery()) {
                allowed = rs.next() && rs.getBoolean(1);
            }
        }
        if (!allowed) {
            throw new SQLException(
                    "User " + user + " does not have ASSUMEROLE permission on IAM role \"" + role + "\" for " + command,
                    "42501");
        }
    }

    /** Redshift refuses a grant to (or revoke from) a user, group or role that does not exist. */
    private static void requireExists(Connection connection, Grantee grantee) throws SQLException {
        if (grantee.kind() == 'p') {
            return;
        }
        try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            exists.setString(1, grantee.name());
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    String kind = switch (grantee.kind()) {
                        case 'g' -> "group";
                        case 'r' -> "role";
                        default -> "user";
                    };
                    throw new SQLException(kind + " \"" + grantee.name() + "\" does not exist", "42704");
                }
            }
        }
    }

    private static boolean isSuperuser(Connection connection) throws SQLException {
        try (var statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    static Change parse(String sql) throws SQLException {
        List<String> tokens = tokens(sql);
        int[] at = {0};
        boolean grant = word(tokens, at).equals("GRANT");
        expect(tokens, at, "ASSUMEROLE");
        expect(tokens, at, "ON");
        List<String> roles = new ArrayList<>();
        String first = peek(tokens, at);
        if (first.equalsIgnoreCase("ALL")) {
            at[0]++;
            roles.add("*");
        } else if (first.equalsIgnoreCase("DEFAULT")) {
            at[0]++;
            roles.add("default");
        } else {
            do {
                String role = next(tokens, at);
                if (!role.startsWith("'")) {
                    throw syntax("an IAM role ARN in quotes, default or ALL", role);
                }
                roles.add(role.substring(1, role.length() - 1).replace("''", "'"));
            } while (accept(tokens, at, ","));
        }
        expect(tokens, at, grant ? "TO" : "FROM");
        List<Grantee> grantees = new ArrayList<>();
        do {
            String token = next(tokens, at);
            String upper = token.toUpperCase(Locale.ROOT);
            if (upper.equals("PUBLIC")) {
                grantees.add(new Grantee('p', "PUBLIC"));
            } else if (upper.equals("ROLE") || upper.equals("GROUP")) {
                grantees.add(new Grantee(upper.equals("ROLE") ? 'r' : 'g', name(next(tokens, at))));
            } else {
                grantees.add(new Grantee('u', name(token)));
            }
        } while (accept(tokens, at, ","));
        expect(tokens, at, "FOR");
        List<String> commands = new ArrayList<>();
        do {
            String command = word(tokens, at);
            if (command.equals("EXTERNAL") || command.equals("CREATE")) {
                command += " " + word(tokens, at);
            }
            if (!COMMANDS.contains(command)) {
                throw syntax("ALL, COPY, UNLOAD, EXTERNAL FUNCTION or CREATE MODEL", command);
            }
            commands.add(command);
        } while (accept(tokens, at, ","));
        accept(tokens, at, ";");
        if (at[0] < tokens.size()) {
            throw syntax("the end of the statement", tokens.get(at[0]));
        }
        return new Change(grant, List.copyOf(roles), List.copyOf(grantees), List.copyOf(commands));
    }

    private static List<String> tokens(String sql) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        int pos = 0;
        while (pos < sql.length() && m.find(pos) && m.start() == pos) {
            if (!m.group(1).isBlank()) {
                tokens.add(m.group(1));
            }
            pos = m.end();
        }
        return tokens;
    }

    /** A user, group or role name: unquoted ones fold to lower case. */
    private static String name(String token) throws SQLException {
        if (token.startsWith("\"")) {
            return token.substring(1, token.length() - 1).replace("\"\"", "\"");
        }
        if (!Character.isLetter(token.charAt(0)) && token.charAt(0) != '_') {
            throw syntax("a user, group or role name", token);
        }
        return token.toLowerCase(Locale.ROOT);
    }

    private static String peek(List<String> tokens, int[] at) throws SQLException {
        if (at[0] >= tokens.size()) {
            throw syntax("more", "the end of the statement");
        }
        return tokens.get(at[0]);
    }

    private static String next(List<String> tokens, int[] at) throws SQLException {
        String token = peek(tokens, at);
        at[0]++;
        return token;
    }

    private static String word(List<String> tokens, int[] at) throws SQLException {
        return next(tokens, at).toUpperCase(Locale.ROOT);
    }

    private static boolean accept(List<String> tokens, int[] at, String token) {
        if (at[0] < tokens.size() && tokens.get(at[0]).equalsIgnoreCase(token)) {
            at[0]++;
            return true;
        }
        return false;
    }

    private static void expect(List<String> tokens, int[] at, String token) throws SQLException {
        if (!accept(tokens, at, token)) {
            throw syntax(token, at[0] < tokens.size() ? tokens.get(at[0]) : "the end of the statement");
        }
    }

    private static SQLException syntax(String expected, String found) {
        return new SQLException(
                "syntax error in ASSUMEROLE statement: expected " + expected + ", found " + found, "42601");
    }
}
