package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The warehouse's idempotent setup for the loaders: the ops schema, the ledger of the loader
 * contract, one database user per loader role ({@code IAMR:<role name>}, the user the Data API
 * maps an IAM role to) and its grants. The same DDL serves Redshift and, with
 * {@link Dialect#POSTGRES}, the local warehouse (no SORTKEY, users without PASSWORD DISABLE).
 */
public final class BootstrapSql {

    public enum Dialect { REDSHIFT, POSTGRES }

    /** IAM role names: up to 64 of letters, digits and {@code +=,.@_-}. */
    static final Pattern ROLE_NAME = Pattern.compile("^[\\w+=,.@-]{1,64}$");
    static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_$]{0,126}$");

    /** One loader's role, the table it loads, and the role its COPY names in IAM_ROLE. */
    public record LoaderGrant(String roleName, LoaderSettings.TableName table, String copyRoleArn) {
        public LoaderGrant {
            if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
                throw new IllegalArgumentException("not an IAM role name: " + roleName);
            }
            if (table == null) {
                throw new IllegalArgumentException("table is required for role " + roleName);
            }
            if (copyRoleArn == null || !LoaderSettings.ROLE_ARN.matcher(copyRoleArn).matches()) {
                throw new IllegalArgumentException("copy role of role " + roleName + " must be an IAM role ARN, got "
                        + copyRoleArn);
            }
        }

        /** From {@code schema.table}. */
        public static LoaderGrant of(String roleName, String table, String copyRoleArn) {
            String[] parts = table == null ? new String[0] : table.split("\\.", -1);
            if (parts.length != 2 || !Sql.isIdentifier(parts[0]) || !Sql.isIdentifier(parts[1])) {
                throw new IllegalArgumentException("table for role " + roleName + " must be schema.table, got " + table);
            }
            return new LoaderGrant(roleName, new LoaderSettings.TableName(parts[0], parts[1]), copyRoleArn);
        }

        /**
         * From the bootstrap's {@code Loaders} item: the loader's config name, its function role, {@code schema.table},
         * its own COPY role and its mode (append, merge or replace). Stand-in on the helper-roles branch for the
         * lead engineer's record of the same factory, which keeps loader and mode: until that is merged this one
         * checks and drops them.
         */
        public static LoaderGrant of(String loader, String roleName, String table, String copyRoleArn, String mode) {
            if (loader == null || mode == null) {
                throw new IllegalArgumentException("loader and mode are required for role " + roleName);
            }
            LoaderSettings.LoadMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT));
            return of(roleName, table, copyRoleArn);
        }

        public String userName() {
            return userOf(roleName);
        }
    }

    private BootstrapSql() {
    }

    public static String userOf(String roleName) {
        return "IAMR:" + roleName;
    }

    /** A database user name, double-quoted ({@code "IAMR:role"}). */
    static String quotedUser(String user) {
        if (Sql.literalProblem(user) != null) {
            throw new IllegalArgumentException("unusable user name: " + Sql.printable(user));
        }
        return '"' + user.replace("\"", "\"\"") + '"';
    }

    /** The schema and the ledger table. */
    public static List<String> schemaAndLedger(Dialect dialect) {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS ops",
                "CREATE TABLE IF NOT EXISTS ops.load_ledger ("
                        + "loader VARCHAR(128) NOT NULL, "
                        + "object_key VARCHAR(1024) NOT NULL, "
                        + "etag VARCHAR(128) NOT NULL, "
                        + "size_bytes BIGINT NOT NULL, "
                        + "batch_id VARCHAR(64) NOT NULL, "
                        + "loaded_at TIMESTAMP NOT NULL)"
                        + (dialect == Dialect.REDSHIFT ? " SORTKEY (loader, object_key)" : ""));
    }

    /** Which of these users exist: one column, usename. (Redshift has no CREATE USER IF NOT EXISTS.) */
    public static String existingUsersQuery(List<String> users) {
        StringJoiner in = new StringJoiner(", ");
        for (String u : users) {
            in.add(Sql.literal(u));
        }
        return "SELECT usename FROM pg_user WHERE usename IN (" + in + ")";
    }

    public static String createUser(Dialect dialect, String user) {
        return "CREATE USER " + quotedUser(user) + (dialect == Dialect.REDSHIFT ? " PASSWORD DISABLE" : "");
    }

    /**
     * What a loader needs: the ops schema and the ledger (SELECT to plan, INSERT to record,
     * DELETE because LOCK needs one of UPDATE/DELETE/TRUNCATE in PostgreSQL), its target (SELECT for
     * the column list and the stage's shape, INSERT, DELETE for merge and replace), temporary tables in
     * the database, and the right to name the COPY role in COPY's IAM_ROLE
     * ({@code GRANT ASSUMEROLE ON 'arn' TO user FOR COPY}, https://docs.aws.amazon.com/redshift/latest/dg/r_GRANT.html;
     * HAS_ASSUMEROLE_PRIVILEGE(user, arn, 'copy') reads it back). The same statement in both dialects:
     * the local warehouse accepts and enforces it.
     *
     * <p>Table grants name the table as it is now; a migration that drops and recreates it drops them.
     * The deploy re-runs the bootstrap after every change of the migrations (see infra's WarehouseBootstrap).
     */
    public static List<String> grants(String database, LoaderGrant g) {
        if (database == null || !DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        String user = quotedUser(g.userName());
        return List.of(
                "GRANT USAGE ON SCHEMA ops TO " + user,
                "GRANT SELECT, INSERT, DELETE ON ops.load_ledger TO " + user,
                "GRANT USAGE ON SCHEMA " + Sql.identifier(g.table().schema()) + " TO " + user,
                "GRANT SELECT, INSERT, DELETE ON " + g.table().quoted() + " TO " + user,
                "GRANT TEMP ON DATABASE " + Sql.identifier(database) + " TO " + user,
                "GRANT ASSUMEROLE ON " + Sql.literal(g.copyRoleArn()) + " TO " + user + " FOR COPY");
    }

    /** Distinct user names of the grants, in order. */
    public static List<String> users(List<LoaderGrant> grants) {
        Set<String> users = new LinkedHashSet<>();
        grants.forEach(g -> users.add(g.userName()));
        return List.copyOf(users);
    }

    /**
     * Everything, given the users that already exist: schema and ledger, the missing users,
     * then the grants (GRANT is idempotent).
     */
    public static List<String> all(Dialect dialect, String database, List<LoaderGrant> grants, Set<String> existingUsers) {
        List<String> sql = new ArrayList<>(schemaAndLedger(dialect));
        for (String user : users(grants)) {
            if (!existingUsers.contains(user)) {
                sql.add(createUser(dialect, user));
            }
        }
        for (LoaderGrant g : grants) {
            sql.addAll(grants(database, g));
        }
        return sql;
    }
}
