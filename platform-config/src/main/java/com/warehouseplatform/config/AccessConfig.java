package com.warehouseplatform.config;

import com.warehouseplatform.contract.LoaderContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who reads the warehouse ({@code access} in config/&lt;env&gt;.yaml): Redshift roles with the schemas they read and
 * write, the IAM principals that may sign in as a role, and database users for services whose passwords live in
 * Secrets Manager. The deploy-time access step makes the warehouse match it, revoking what was removed.
 */
public record AccessConfig(List<Role> roles, List<User> users) {
    /** No roles and no users: the platform manages no access beyond the admin and the loaders. */
    public static final AccessConfig NONE = new AccessConfig(List.of(), List.of());

    /** The default of {@code users[i].rotationDays}. */
    public static final int DEFAULT_ROTATION_DAYS = 30;

    /**
     * A Redshift role (RBAC).
     *
     * @param read schemas it may use and SELECT from (every table and view, now and later)
     * @param write schemas where it may also INSERT, UPDATE and DELETE; each is also in {@code read}
     * @param signIn the IAM principals that may sign in as this role with temporary credentials, or {@code null}
     */
    public record Role(String name, List<String> read, List<String> write, SignIn signIn) {}

    /** @param principals IAM role or user ARNs that may assume the role's sign-in IAM role */
    public record SignIn(List<String> principals) {}

    /** A database user for a service: password generated into Secrets Manager, rotated every {@code rotationDays}. */
    public record User(String name, List<String> roles, int rotationDays) {}

    /** The IAM role people assume to sign in as {@code role}: {@code <env>-warehouse-<role>}. */
    public static String signInRoleName(String environment, String role) {
        return environment + "-warehouse-" + role;
    }

    /**
     * The database user a person signed in through that IAM role is: {@code IAMR:<IAM role name>}, the identity
     * GetClusterCredentialsWithIAM and Redshift Serverless GetCredentials map an IAM role to.
     */
    public static String signInDatabaseUser(String environment, String role) {
        return "IAMR:" + signInRoleName(environment, role);
    }

    /**
     * Role and user names: Redshift's standard identifiers ("Names and identifiers",
     * https://docs.aws.amazon.com/redshift/latest/dg/r_names.html: 1 to 127 bytes), narrowed to lower-case ASCII
     * letters, digits and _ so that a name is the same quoted or not and in every tool. A colon is never allowed, so no
     * name can be {@code IAMR:<role>} or {@code IAM:<user>}, the database users Redshift maps IAM identities to (the
     * loaders' users and the sign-in roles' users), nor a {@code sys:} or {@code ds:} role of Redshift's own
     * (https://docs.aws.amazon.com/redshift/latest/dg/r_roles-default.html).
     */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,126}");

    /**
     * An IAM role or user ARN in the commercial, China or GovCloud partition: what a role's trust policy may name as a
     * principal (no wildcards; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
     * Paths are allowed ({@code role/team/DataAnalysts}); IAM's name characters are letters, digits and
     * {@code +=,.@_-}.
     */
    public static final Pattern PRINCIPAL =
            Pattern.compile("arn:(aws|aws-cn|aws-us-gov):iam::\\d{12}:(role|user)/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    /**
     * Secrets Manager's range of a rotation schedule (RotationRulesType.AutomaticallyAfterDays: 1 to 1000,
     * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_RotationRulesType.html).
     */
    public static final int MIN_ROTATION_DAYS = 1;

    public static final int MAX_ROTATION_DAYS = 1000;

    /** The schema of the loaders' ledgers: no role may read or write it. */
    public static final String OPS_SCHEMA = "ops";

    /**
     * Reads {@code access}; {@code adminUsername} (may be null) and {@code tables} (null: schemas not checked) come
     * from the rest of the file and config/sql.
     */
    static AccessConfig read(YamlObject o, String adminUsername, MigratedTables tables) {
        int before = o.problemCount();
        List<Role> roles = o.objects("roles", r -> readRole(r, tables));
        List<String> roleNames = new ArrayList<>();
        for (int i = 0; i < roles.size(); i++) {
            Role role = roles.get(i);
            if (role == null || role.name() == null) {
                roleNames.add(null);
                continue;
            }
            int earlier = roleNames.indexOf(role.name());
            if (earlier >= 0) {
                o.problem(
                        "roles[" + i + "].name",
                        "\"" + role.name() + "\" is already the name of access.roles[" + earlier + "]");
            }
            if (role.name().equals(adminUsername)) {
                // PostgreSQL, which the local warehouse runs on, has one namespace for users and roles
                o.problem(
                        "roles[" + i + "].name",
                        "\"" + role.name() + "\" is the admin user (warehouse.adminUsername): a role must have "
                                + "another name");
            }
            roleNames.add(role.name());
        }
        List<String> known =
                roleNames.stream().filter(n -> n != null).distinct().toList();
        List<User> users = o.objects("users", u -> readUser(u, known));
        List<String> userNames = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            if (user == null || user.name() == null) {
                userNames.add(null);
                continue;
            }
            String key = "users[" + i + "].name";
            int earlier = userNames.indexOf(user.name());
            if (earlier >= 0) {
                o.problem(key, "\"" + user.name() + "\" is already the name of access.users[" + earlier + "]");
            }
            int role = roleNames.indexOf(user.name());
            if (role >= 0) {
                // Redshift keeps users and roles apart, PostgreSQL (the local warehouse) in one namespace; one name for
                // two things would also make every GRANT ROLE ... TO ... ambiguous to a reader
                o.problem(
                        key,
                        "\"" + user.name() + "\" is already the name of the role access.roles[" + role
                                + "]: a user and a role must have different names");
            }
            if (user.name().equals(adminUsername)) {
                o.problem(
                        key,
                        "\"" + user.name() + "\" is the admin user (warehouse.adminUsername), which the access step "
                                + "never touches: its password is Redshift-managed");
            }
            userNames.add(user.name());
        }
        if (o.problemCount() > before) {
            return null;
        }
        return new AccessConfig(List.copyOf(roles), List.copyOf(users));
    }

    private static Role readRole(YamlObject r, MigratedTables tables) {
        String name = name(r);
        List<String> read = r.strings("read", true);
        List<String> write = r.strings("write", false);
        checkSchemas(r, "read", read, tables);
        List<String> usable = checkSchemas(r, "write", write, tables);
        for (int i = 0; i < write.size(); i++) {
            if (usable.contains(write.get(i)) && !read.contains(write.get(i))) {
                r.problem(
                        "write[" + i + "]",
                        "\"" + write.get(i) + "\" is not in read: a role that writes a schema must read it too");
            }
        }
        SignIn signIn = null;
        YamlObject s = r.object("signIn", false);
        if (s != null) {
            List<String> principals = s.strings("principals", true);
            if (s.has("principals") && principals.isEmpty()) {
                s.problem("principals", "must list at least one IAM role or user ARN");
            }
            for (int i = 0; i < principals.size(); i++) {
                String principal = principals.get(i);
                if (!PRINCIPAL.matcher(principal).matches()) {
                    s.problem(
                            "principals[" + i + "]",
                            "\"" + principal + "\" is not an IAM role or user ARN such as "
                                    + "arn:aws:iam::123456789012:role/DataAnalysts");
                } else if (principals.indexOf(principal) < i) {
                    s.problem("principals[" + i + "]", "\"" + principal + "\" is listed twice");
                }
            }
            s.rejectUnknownKeys();
            signIn = new SignIn(principals);
        }
        return new Role(name, read, write, signIn);
    }

    private static User readUser(YamlObject u, List<String> roleNames) {
        String name = name(u);
        List<String> roles = u.strings("roles", true);
        if (u.has("roles") && roles.isEmpty()) {
            u.problem("roles", "must list at least one role of access.roles");
        }
        for (int i = 0; i < roles.size(); i++) {
            String role = roles.get(i);
            if (roles.indexOf(role) < i) {
                u.problem("roles[" + i + "]", "\"" + role + "\" is listed twice");
            } else if (!roleNames.contains(role)) {
                u.problem(
                        "roles[" + i + "]",
                        "\"" + role + "\" is not a role of access.roles ("
                                + (roleNames.isEmpty() ? "there are none" : "roles: " + String.join(", ", roleNames))
                                + ")");
            }
        }
        Integer days = u.integer("rotationDays", DEFAULT_ROTATION_DAYS, MIN_ROTATION_DAYS, MAX_ROTATION_DAYS);
        return new User(name, roles, days == null ? DEFAULT_ROTATION_DAYS : days);
    }

    /** The {@code name} of a role or user, or null (reported) when it is not a name Redshift and the platform accept. */
    private static String name(YamlObject o) {
        String name = o.string("name", true);
        if (name == null) {
            return null;
        }
        String reason = nameProblem(name);
        if (reason != null) {
            o.problem("name", reason);
            return null;
        }
        return name;
    }

    /** Why {@code name} cannot name a role or user, or null. */
    static String nameProblem(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("iamr:") || lower.startsWith("iam:")) {
            return "\"" + name + "\" is the form of the database users Redshift maps IAM identities to (the loaders' "
                    + "and the sign-in roles' users, which the platform makes): give a name of letters, digits and _";
        }
        if (!NAME.matcher(name).matches()) {
            return "\"" + name + "\" must be lower-case letters, digits and _, starting with a letter, at most 127 "
                    + "characters (a Redshift identifier)";
        }
        if (RedshiftNames.RESERVED.contains(name)) {
            return "\"" + name + "\" is a reserved word in Redshift";
        }
        if (name.equals(LoaderContract.LOADERS_GROUP)) {
            // the bootstrap's user group of the loaders (what a WLM queue's userGroups names); PostgreSQL, which the
            // local warehouse runs on, has one namespace for users, roles and groups, and would take one for the other
            return "\"" + name + "\" is the user group the platform puts every loader in (WLM userGroups: ["
                    + LoaderContract.LOADERS_GROUP + "]): give the role or user another name";
        }
        if (name.startsWith("pg_")) {
            // PostgreSQL reserves pg_ for its own roles and refuses CREATE ROLE pg_...; the local warehouse runs on it
            return "\"" + name + "\" starts with pg_, which PostgreSQL reserves for its own roles (the local warehouse "
                    + "would refuse it)";
        }
        return null;
    }

    /** Reports the entries of {@code read} or {@code write} that are not usable; returns the usable ones. */
    private static List<String> checkSchemas(YamlObject r, String key, List<String> given, MigratedTables tables) {
        List<String> schemas = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String schema = given.get(i);
            String at = key + "[" + i + "]";
            if (given.indexOf(schema) < i) {
                r.problem(at, "\"" + schema + "\" is listed twice");
            } else if (!LoaderContract.IDENTIFIER.matcher(schema).matches()) {
                r.problem(
                        at,
                        "\"" + schema + "\" is not a schema name (a Redshift identifier: lower-case letters, digits, _ "
                                + "and $, starting with a letter or _)");
            } else if (schema.equals(OPS_SCHEMA)) {
                r.problem(
                        at,
                        "schema ops holds the loaders' ledgers (which files were loaded, exactly once): no role may "
                                + "read or write it");
            } else if (tables != null && !tables.schemas().contains(schema)) {
                r.problem(
                        at,
                        "schema \"" + schema + "\" is created by no migration in " + tables.folder() + " (they create "
                                + (tables.schemas().isEmpty()
                                        ? "no schema"
                                        : "schemas " + String.join(", ", tables.schemas()))
                                + ")");
            } else {
                schemas.add(schema);
            }
        }
        return List.copyOf(schemas);
    }

    public boolean isEmpty() {
        return roles.isEmpty() && users.isEmpty();
    }
}
