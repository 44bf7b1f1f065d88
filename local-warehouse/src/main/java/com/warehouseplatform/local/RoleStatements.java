package com.warehouseplatform.local;

import java.util.Locale;

/**
 * Redshift's role-based access statements as PostgreSQL runs them (Database Developer Guide:
 * r_CREATE_ROLE, r_GRANT, r_REVOKE, r_ALTER_DEFAULT_PRIVILEGES, r_CREATE_USER):
 * <ul>
 *   <li>{@code GRANT ... TO ROLE r}, {@code REVOKE ... FROM ROLE r} (also in ALTER DEFAULT PRIVILEGES):
 *       PostgreSQL names a role without the word ROLE;
 *   <li>{@code GRANT ROLE r TO u}, {@code REVOKE ROLE r FROM u}: PostgreSQL's {@code GRANT r TO u};
 *   <li>{@code CREATE ROLE r}: a PostgreSQL role without LOGIN (Redshift's roles cannot sign in); a
 *       name Redshift reserves is refused: {@code public}, and the {@code sys:} prefix of its
 *       system-defined roles (r_roles-default);
 *   <li>{@code CREATE USER u PASSWORD DISABLE} or {@code PASSWORD 'sha256|...'} / {@code 'md5...'}: a
 *       login role without a password. The local PostgreSQL trusts local connections (documented in
 *       docs/local-warehouse.md), so no password is checked here; a verifier must still have the
 *       page's form ({@code sha256|digest|salt} with a 256-bit salt, or {@code sha256|password}).
 * </ul>
 */
final class RoleStatements {

    private RoleStatements() {}

    static void translate(SqlTokens t, int start, int end) {
        if (t.isWord(start, "CREATE") && t.isWord(start + 1, "ROLE")) {
            SqlTokens.Token name = t.get(start + 2);
            String n = name == null ? "" : name.name().toLowerCase(Locale.ROOT);
            if (n.equals("public") || n.startsWith("sys:")) {
                throw new UnsupportedOperationException(
                        "role name " + n + " is reserved by Redshift (r_CREATE_ROLE, r_roles-default)");
            }
            return;
        }
        if (t.isWord(start, "CREATE") && t.isWord(start + 1, "USER")) {
            for (int i = start + 3; i < end; i++) {
                if (t.isWord(i, "PASSWORD") && (t.isWord(i + 1, "DISABLE") || isVerifier(t.get(i + 1)))) {
                    t.blank(i, i + 1);
                }
            }
            return;
        }
        boolean grant = t.isWord(start, "GRANT");
        boolean revoke = t.isWord(start, "REVOKE");
        boolean defaults = t.isWord(start, "ALTER") && t.isWord(start + 1, "DEFAULT");
        if (!grant && !revoke && !defaults) {
            return;
        }
        if ((grant || revoke) && t.isWord(start + 1, "ROLE")) {
            t.blank(start + 1, start + 1);
        }
        for (int i = start + 1; i < end; i++) {
            if (t.isWord(i, "TO", "FROM") && t.isWord(i + 1, "ROLE")) {
                t.blank(i + 1, i + 1);
            }
        }
    }

    /** A password literal in CREATE USER's hash forms; a malformed sha256 form is refused. */
    private static boolean isVerifier(SqlTokens.Token token) {
        if (token == null || token.kind != SqlTokens.Kind.STRING) {
            return false;
        }
        String v = token.original.substring(1, token.original.length() - 1);
        if (v.startsWith("sha256|")) {
            String[] parts = v.split("\\|", -1);
            boolean ok = (parts.length == 2 && !parts[1].isEmpty())
                    || (parts.length == 3
                            && parts[1].matches("[0-9a-fA-F]{64}")
                            && parts[2].matches("[0-9a-fA-F]{64}"));
            if (!ok) {
                throw new UnsupportedOperationException("CREATE USER: a SHA-256 password is 'sha256|password' or"
                        + " 'sha256|digest|256-bit salt' (r_CREATE_USER)");
            }
            return true;
        }
        return v.matches("md5[0-9a-f]{32}");
    }
}
