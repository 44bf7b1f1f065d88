package com.warehouseplatform.loader;

import com.warehouseplatform.contract.LoaderContract;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The warehouse's idempotent setup for the loaders: the ops schema, one ledger per loader
 * ({@link Ledger}), one database user per loader role ({@code IAMR:<role name>}, the user the Data API
 * maps an IAM role to), its grants, and the user group {@link #LOADERS_GROUP} holding every loader's user
 * (for WLM's {@code user_group}). The same DDL serves Redshift and, with
 * {@link Dialect#POSTGRES}, the local warehouse (no SORTKEY, users without PASSWORD DISABLE).
 */
public final class BootstrapSql {

    public enum Dialect {
        REDSHIFT,
        POSTGRES
    }

    /** IAM role names: up to 64 of letters, digits and {@code +=,.@_-}. */
    static final Pattern ROLE_NAME = Pattern.compile("^[\\w+=,.@-]{1,64}$");

    static final Pattern DATABASE = Pattern.compile("^[a-z_][a-z0-9_$]{0,126}$");

    /** The loaders' user group, as config's WLM queues name it ({@link LoaderContract#LOADERS_GROUP}). */
    public static final String LOADERS_GROUP = LoaderContract.LOADERS_GROUP;

    /**
     * What the warehouse holds of {@link #LOADERS_GROUP}: whether it exists and its members' user names.
     * Redshift has no CREATE GROUP IF NOT EXISTS (r_CREATE_GROUP), and r_ALTER_GROUP does not say what
     * ADD USER does for a user already in the group, so the bootstrap reads the group first and only
     * creates a missing group and adds missing members: a second run sends no group statement at all.
     */
    public record GroupState(boolean exists, Set<String> members) {
        public GroupState {
            members = Set.copyOf(members == null ? Set.of() : members);
        }

        public static GroupState absent() {
            return new GroupState(false, Set.of());
        }

        /**
         * From the rows of {@link #loadersGroupQuery}: none when the group does not exist, one with a null
         * user name when it is empty, else one per member.
         */
        public static GroupState fromRows(List<List<String>> rows) {
            Set<String> members = new LinkedHashSet<>();
            for (List<String> row : rows) {
                if (row.size() > 1 && row.get(1) != null) {
                    members.add(row.get(1).strip());
                }
            }
            return new GroupState(!rows.isEmpty(), members);
        }
    }

    /** One loader: its name, its function's role, the table it loads in which mode, and the role its COPY names. */
    public record LoaderGrant(
            String loader,
            String roleName,
            LoaderSettings.TableName table,
            String copyRoleArn,
            LoaderSettings.LoadMode mode) {
        public LoaderGrant {
            if (loader == null || !Sql.isIdentifier("ledger_" + loader.replace('-', '_'))) {
                throw new IllegalArgumentException("not a loader name: " + loader);
            }
            if (roleName == null || !ROLE_NAME.matcher(roleName).matches()) {
                throw new IllegalArgumentException("loader " + loader + ": not an IAM role name: " + roleName);
            }
            if (table == null || mode == null) {
                throw new IllegalArgumentException("loader " + loader + ": table and mode are required");
            }
            if (copyRoleArn == null
                    || !LoaderSettings.ROLE_ARN.matcher(copyRoleArn).matches()) {
                throw new IllegalArgumentException(
                        "loader " + loader + ": copy role must be an IAM role ARN, got " + copyRoleArn);
            }
        }

        /** From {@code schema.table} and the mode's name (append, merge, replace). */
        public static LoaderGrant of(String loader, String roleName, String table, String copyRoleArn, String mode) {
            String[] parts = table == null ? new String[0] : table.split("\\.", -1);
            if (parts.length != 2 || !Sql.isIdentifier(parts[0]) || !Sql.isIdentifier(parts[1])) {
                throw new IllegalArgumentException("loader " + loader + ": table must be schema.table, got " + table);
            }
            LoaderSettings.LoadMode loadMode = null;
            for (LoaderSettings.LoadMode m : LoaderSettings.LoadMode.values()) {
                if (m.name().equalsIgnoreCase(String.valueOf(mode))) {
                    loadMode = m;
                }
            }
            if (loadMode == null) {
                throw new IllegalArgumentException(
                        "loader " + loader + ": mode must be append, merge or replace, got " + mode);
            }
            return new LoaderGrant(
                    loader, roleName, new LoaderSettings.TableName(parts[0], parts[1]), copyRoleArn, loadMode);
        }

        public String userName() {
            return userOf(roleName);
        }
    }

    private BootstrapSql() {}

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

    /**
     * What every deploy makes true, whatever the loaders: the ops schema; no user may name an IAM
     * role in COPY/UNLOAD unless granted (PUBLIC holds ASSUMEROLE on every role of the cluster until
     * this REVOKE, r_GRANT-usage-notes, r_REVOKE); no user may create tables in schema public.
     */
    public static List<String> schema() {
        return List.of(
                "CREATE SCHEMA IF NOT EXISTS ops",
                "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }

    /** One loader's ledger table ({@link Ledger}). */
    public static String ledger(Dialect dialect, String loader) {
        return "CREATE TABLE IF NOT EXISTS " + Ledger.table(loader) + " ("
                + "object_key VARCHAR(1024) NOT NULL, "
                + "etag VARCHAR(128) NOT NULL, "
                + "size_bytes BIGINT NOT NULL, "
                + "batch_id VARCHAR(64) NOT NULL, "
                + "loaded_at TIMESTAMP NOT NULL)"
                + (dialect == Dialect.REDSHIFT ? " SORTKEY (object_key)" : "");
    }

    /** Which of these users exist: one column, usename. (Redshift has no CREATE USER IF NOT EXISTS.) */
    public static String existingUsersQuery(List<String> users) {
        StringJoiner in = new StringJoiner(", ");
        for (String u : users) {
            in.add(Sql.literal(u));
        }
        return "SELECT usename FROM pg_user WHERE usename IN (" + in + ")";
    }

    /**
     * The loaders' group and its members: groname, usename (null for an empty group); no row when the group
     * does not exist. The join is the one r_Groups gives to list users by group (PG_GROUP's grolist holds the
     * members' usesysid).
     */
    public static String loadersGroupQuery() {
        return "SELECT g.groname, u.usename FROM pg_group g LEFT JOIN pg_user u ON u.usesysid = ANY (g.grolist)"
                + " WHERE g.groname = " + Sql.literal(LOADERS_GROUP);
    }

    /**
     * The loaders' group made to hold {@code users}: CREATE GROUP if it is missing (r_CREATE_GROUP; only a
     * superuser may, and the bootstrap runs as the admin), then one ALTER GROUP ... ADD USER for the users not
     * in it yet (r_ALTER_GROUP). Users of loaders removed from config are not taken out, as their users and
     * grants are not dropped either: the bootstrap only adds (the removed loader's IAM role is gone with its
     * stack, so nobody signs in as that user through the Data API).
     */
    public static List<String> group(List<String> users, GroupState state) {
        List<String> sql = new ArrayList<>();
        if (!state.exists()) {
            sql.add("CREATE GROUP " + LOADERS_GROUP);
        }
        StringJoiner missing = new StringJoiner(", ");
        for (String user : users) {
            if (!state.members().contains(user)) {
                missing.add(quotedUser(user));
            }
        }
        if (missing.length() > 0) {
            sql.add("ALTER GROUP " + LOADERS_GROUP + " ADD USER " + missing);
        }
        return sql;
    }

    public static String createUser(Dialect dialect, String user) {
        return "CREATE USER " + quotedUser(user) + (dialect == Dialect.REDSHIFT ? " PASSWORD DISABLE" : "");
    }

    /**
     * What a loader needs, and no more: its own ledger (SELECT to plan, INSERT to record, DELETE
     * because LOCK needs one of UPDATE/DELETE/TRUNCATE in PostgreSQL; r_LOCK names no privilege);
     * its target (SELECT for the column list and the stage's shape, INSERT, and DELETE only in merge
     * and replace mode: revoked in append mode, so a mode change converges); temporary tables in the
     * database; and the right to name its own COPY role in COPY's IAM_ROLE
     * ({@code GRANT ASSUMEROLE ON 'arn' TO user FOR COPY}, r_GRANT). No grant on another loader's ledger
     * or role. The same statements in both dialects: the local warehouse accepts and enforces them.
     *
     * <p>Table grants name the table as it is now; a migration that drops and recreates it drops them.
     * The deploy re-runs the bootstrap after every change of the migrations (see infra's WarehouseBootstrap).
     */
    public static List<String> grants(String database, LoaderGrant g) {
        if (database == null || !DATABASE.matcher(database).matches()) {
            throw new IllegalArgumentException("not a database name: " + database);
        }
        String user = quotedUser(g.userName());
        String target = g.table().quoted();
        boolean deletes = g.mode() != LoaderSettings.LoadMode.APPEND;
        return List.of(
                "GRANT USAGE ON SCHEMA ops TO " + user,
                "GRANT SELECT, INSERT, DELETE ON " + Ledger.table(g.loader()) + " TO " + user,
                "GRANT USAGE ON SCHEMA " + Sql.identifier(g.table().schema()) + " TO " + user,
                "GRANT SELECT, INSERT ON " + target + " TO " + user,
                (deletes ? "GRANT DELETE ON " : "REVOKE DELETE ON ") + target + (deletes ? " TO " : " FROM ") + user,
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
     * Everything, given the users that already exist and the loaders' group as it is: the schema and the
     * revokes, each loader's ledger, the missing users, the group and its missing members, then the grants
     * (GRANT and REVOKE are idempotent).
     */
    public static List<String> all(
            Dialect dialect, String database, List<LoaderGrant> grants, Set<String> existingUsers, GroupState group) {
        List<String> sql = new ArrayList<>(schema());
        for (LoaderGrant g : grants) {
            sql.add(ledger(dialect, g.loader()));
        }
        for (String user : users(grants)) {
            if (!existingUsers.contains(user)) {
                sql.add(createUser(dialect, user));
            }
        }
        sql.addAll(group(users(grants), group));
        for (LoaderGrant g : grants) {
            sql.addAll(grants(database, g));
        }
        return sql;
    }
}
