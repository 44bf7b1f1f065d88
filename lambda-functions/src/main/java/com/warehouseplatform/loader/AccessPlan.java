package com.warehouseplatform.loader;

import com.warehouseplatform.loader.AccessStatement.Kind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What makes the warehouse match the wanted access: the statements, given what the managed roles
 * and users hold now ({@link AccessState}). Managed are the roles and users of the wanted access and
 * of the previous deploy's; nothing else is ever named (not the admin, not the loaders' users, not
 * PUBLIC). A second plan over the state the first one made is empty.
 *
 * <p>Statements, each checked against the Database Developer Guide: CREATE ROLE (r_CREATE_ROLE);
 * CREATE USER ... PASSWORD 'sha256|...' | DISABLE (r_CREATE_USER); GRANT USAGE ON SCHEMA, GRANT
 * ... ON ALL TABLES IN SCHEMA ... TO ROLE, GRANT ROLE ... TO (r_GRANT); the same with REVOKE
 * (r_REVOKE); ALTER DEFAULT PRIVILEGES FOR USER ... IN SCHEMA ... GRANT|REVOKE ... ON TABLES
 * TO|FROM ROLE (r_ALTER_DEFAULT_PRIVILEGES); DROP USER (r_DROP_USER); DROP ROLE (r_DROP_ROLE).
 */
public final class AccessPlan {

    /** Redshift role names of the config: [a-z][a-z0-9_]*, up to 127 bytes (r_names). */
    static final Pattern ROLE = Pattern.compile("^[a-z][a-z0-9_]{0,126}$");

    /** What reading and writing a schema mean, in order. */
    static final List<String> READ = List.of("SELECT");

    static final List<String> WRITE = List.of("INSERT", "UPDATE", "DELETE");

    /** A role: the schemas it reads and writes, and the database user of its IAM sign-in, or null. */
    public record Role(String name, List<String> read, List<String> write, String signInUser) {
        public Role {
            if (name == null || !ROLE.matcher(name).matches() || name.equals("public")) {
                throw new IllegalArgumentException("not a role name: " + name);
            }
            read = List.copyOf(read == null ? List.of() : read);
            write = List.copyOf(write == null ? List.of() : write);
            for (String s : concat(read, write)) {
                if (!Sql.isIdentifier(s) || s.equals("ops")) {
                    throw new IllegalArgumentException("role " + name + ": not a schema it may be granted: " + s);
                }
            }
            if (!read.containsAll(write)) {
                throw new IllegalArgumentException("role " + name + ": writes a schema it does not read");
            }
            if (signInUser != null && !signInUser.startsWith("IAMR:")) {
                throw new IllegalArgumentException("role " + name + ": sign-in user must be IAMR:<role>");
            }
        }

        /** The privileges on tables of {@code schema}, in order. */
        List<String> tablePrivileges(String schema) {
            List<String> out = new ArrayList<>();
            if (read.contains(schema)) {
                out.addAll(READ);
            }
            if (write.contains(schema)) {
                out.addAll(WRITE);
            }
            return out;
        }
    }

    /** A service user and its roles; {@code secretArn} holds its password. */
    public record User(String name, List<String> roles, String secretArn) {
        public User {
            if (name == null || Sql.literalProblem(name) != null || name.isBlank()) {
                throw new IllegalArgumentException("not a user name: " + name);
            }
            roles = List.copyOf(roles == null ? List.of() : roles);
        }
    }

    /** The access of one deploy: roles, service users, and the users whose later tables get default privileges. */
    public record Access(List<Role> roles, List<User> users, List<String> tableOwners) {
        public static final Access NONE = new Access(List.of(), List.of(), List.of());

        public Access {
            roles = List.copyOf(roles);
            users = List.copyOf(users);
            tableOwners = List.copyOf(tableOwners);
            Set<String> names = new LinkedHashSet<>();
            for (Role r : roles) {
                if (!names.add(r.name())) {
                    throw new IllegalArgumentException("duplicate role: " + r.name());
                }
            }
            for (User u : users) {
                if (!names.add(u.name())) {
                    throw new IllegalArgumentException("duplicate name (a role and a user must differ): " + u.name());
                }
                if (tableOwners.contains(u.name()) || u.name().equalsIgnoreCase("public")) {
                    throw new IllegalArgumentException("the access step never manages user " + u.name());
                }
                for (String role : u.roles()) {
                    if (roles.stream().noneMatch(r -> r.name().equals(role))) {
                        throw new IllegalArgumentException("user " + u.name() + ": unknown role " + role);
                    }
                }
            }
        }

        public List<String> roleNames() {
            return roles.stream().map(Role::name).toList();
        }

        /** Service users and sign-in users, each with its roles. */
        public List<Member> members() {
            List<Member> out = new ArrayList<>();
            for (User u : users) {
                out.add(new Member(u.name(), u.roles(), u));
            }
            for (Role r : roles) {
                if (r.signInUser() != null) {
                    out.add(new Member(r.signInUser(), List.of(r.name()), null));
                }
            }
            return out;
        }

        public List<String> userNames() {
            return members().stream().map(Member::name).toList();
        }
    }

    /** A database user the step manages: a service user ({@code service} set) or a sign-in user. */
    public record Member(String name, List<String> roles, User service) {}

    private AccessPlan() {}

    /**
     * The statements, in an order Redshift accepts: roles and users first, then grants, then
     * revokes, and the drops last. {@code verifier} gives the password verifier of a service user
     * that does not exist yet (and only then: a rotated password is never reset).
     */
    public static List<AccessStatement> plan(
            Access wanted, Access previous, AccessState now, Function<User, String> verifier) {
        List<AccessStatement> out = new ArrayList<>();
        Set<String> managedRoles = new LinkedHashSet<>(wanted.roleNames());
        managedRoles.addAll(previous.roleNames());
        Set<String> managedUsers = new LinkedHashSet<>(wanted.userNames());
        managedUsers.addAll(previous.userNames());

        for (Role r : wanted.roles()) {
            if (!now.roles().contains(r.name())) {
                out.add(new AccessStatement(Kind.CREATE_ROLE, r.name(), "CREATE ROLE " + Sql.identifier(r.name())));
            }
        }
        for (Member m : wanted.members()) {
            if (now.users().contains(m.name())) {
                continue;
            }
            if (m.service() != null) {
                out.add(new AccessStatement(
                        Kind.CREATE_USER,
                        m.name(),
                        "CREATE USER " + BootstrapSql.quotedUser(m.name()) + " PASSWORD "
                                + Sql.literal(verifier.apply(m.service()))));
            } else {
                out.add(new AccessStatement(
                        Kind.CREATE_SIGN_IN_USER,
                        m.name(),
                        "CREATE USER " + BootstrapSql.quotedUser(m.name()) + " PASSWORD DISABLE"));
            }
        }

        List<AccessStatement> revokes = new ArrayList<>();
        for (Role r : wanted.roles()) {
            grants(r, wanted.tableOwners(), now, out, revokes);
        }
        for (String gone : managedRoles) {
            if (!wanted.roleNames().contains(gone) && now.roles().contains(gone)) {
                grants(new Role(gone, List.of(), List.of(), null), List.of(), now, out, revokes);
            }
        }

        List<AccessStatement> userRevokes = new ArrayList<>();
        for (Member m : wanted.members()) {
            for (String role : m.roles()) {
                if (!now.hasRole(m.name(), role)) {
                    out.add(new AccessStatement(
                            Kind.GRANT_ROLE,
                            role + " to " + m.name(),
                            "GRANT ROLE " + Sql.identifier(role) + " TO " + BootstrapSql.quotedUser(m.name())));
                }
            }
        }
        for (AccessState.UserRole held : now.userRoles()) {
            if (!managedUsers.contains(held.user()) || !managedRoles.contains(held.role())) {
                continue; // a grant the step did not make: not ours to take back
            }
            boolean wantedGrant = wanted.members().stream()
                    .anyMatch(m -> m.name().equals(held.user()) && m.roles().contains(held.role()));
            if (!wantedGrant) {
                userRevokes.add(new AccessStatement(
                        Kind.REVOKE_ROLE,
                        held.role() + " from " + held.user(),
                        "REVOKE ROLE " + Sql.identifier(held.role()) + " FROM "
                                + BootstrapSql.quotedUser(held.user())));
            }
        }
        out.addAll(userRevokes);
        out.addAll(revokes);

        for (String user : managedUsers) {
            if (!wanted.userNames().contains(user) && now.users().contains(user)) {
                out.add(new AccessStatement(Kind.DROP_USER, user, "DROP USER " + BootstrapSql.quotedUser(user)));
            }
        }
        for (String role : managedRoles) {
            if (!wanted.roleNames().contains(role) && now.roles().contains(role)) {
                out.add(new AccessStatement(Kind.DROP_ROLE, role, "DROP ROLE " + Sql.identifier(role)));
            }
        }
        return out;
    }

    /** Grants that {@code r} lacks into {@code grants}; what it holds beyond its config into {@code revokes}. */
    private static void grants(
            Role r, List<String> owners, AccessState now, List<AccessStatement> grants, List<AccessStatement> revokes) {
        String role = Sql.identifier(r.name());
        for (String schema : r.read()) {
            if (!now.schemaPrivileges().contains(new AccessState.SchemaPrivilege(r.name(), schema, "USAGE"))) {
                grants.add(new AccessStatement(
                        Kind.GRANT,
                        "USAGE on " + schema + " to " + r.name(),
                        "GRANT USAGE ON SCHEMA " + Sql.identifier(schema) + " TO ROLE " + role));
            }
            List<String> missing = new ArrayList<>();
            for (String privilege : r.tablePrivileges(schema)) {
                if (now.lacksOnSomeTable(r.name(), schema, privilege)) {
                    missing.add(privilege);
                }
            }
            if (!missing.isEmpty()) {
                grants.add(new AccessStatement(
                        Kind.GRANT,
                        String.join(", ", missing) + " on tables of " + schema + " to " + r.name(),
                        "GRANT " + String.join(", ", missing) + " ON ALL TABLES IN SCHEMA " + Sql.identifier(schema)
                                + " TO ROLE " + role));
            }
            for (String owner : owners) {
                List<String> missingDefaults = new ArrayList<>();
                for (String privilege : r.tablePrivileges(schema)) {
                    if (!now.defaultPrivileges()
                            .contains(new AccessState.DefaultPrivilege(r.name(), schema, owner, privilege))) {
                        missingDefaults.add(privilege);
                    }
                }
                if (!missingDefaults.isEmpty()) {
                    grants.add(new AccessStatement(
                            Kind.GRANT_DEFAULT,
                            String.join(", ", missingDefaults) + " on later tables of " + owner + " in " + schema
                                    + " to " + r.name(),
                            "ALTER DEFAULT PRIVILEGES FOR USER " + BootstrapSql.quotedUser(owner) + " IN SCHEMA "
                                    + Sql.identifier(schema) + " GRANT " + String.join(", ", missingDefaults)
                                    + " ON TABLES TO ROLE " + role));
                }
            }
        }

        // what it holds and should not: grouped per schema (and owner), in a stable order
        for (String schema : now.schemasOf(r.name())) {
            List<String> wantedTables = r.tablePrivileges(schema);
            Set<String> extra = new TreeSet<>();
            for (AccessState.RelationPrivilege p : now.relationPrivileges()) {
                if (p.role().equals(r.name()) && p.schema().equals(schema) && !wantedTables.contains(p.privilege())) {
                    extra.add(p.privilege());
                }
            }
            if (!extra.isEmpty()) {
                revokes.add(new AccessStatement(
                        Kind.REVOKE,
                        String.join(", ", extra) + " on tables of " + schema + " from " + r.name(),
                        "REVOKE " + String.join(", ", extra) + " ON ALL TABLES IN SCHEMA " + Sql.identifier(schema)
                                + " FROM ROLE " + role));
            }
            for (String owner : now.defaultOwners(r.name(), schema)) {
                Set<String> extraDefaults = new TreeSet<>();
                for (AccessState.DefaultPrivilege d : now.defaultPrivileges()) {
                    if (d.role().equals(r.name())
                            && d.schema().equals(schema)
                            && d.owner().equals(owner)
                            && !(owners.contains(owner) && wantedTables.contains(d.privilege()))) {
                        extraDefaults.add(d.privilege());
                    }
                }
                if (!extraDefaults.isEmpty()) {
                    revokes.add(new AccessStatement(
                            Kind.REVOKE_DEFAULT,
                            String.join(", ", extraDefaults) + " on later tables of " + owner + " in " + schema
                                    + " from " + r.name(),
                            "ALTER DEFAULT PRIVILEGES FOR USER " + BootstrapSql.quotedUser(owner) + " IN SCHEMA "
                                    + Sql.identifier(schema) + " REVOKE " + String.join(", ", extraDefaults)
                                    + " ON TABLES FROM ROLE " + role));
                }
            }
            if (!r.read().contains(schema)
                    && now.schemaPrivileges().contains(new AccessState.SchemaPrivilege(r.name(), schema, "USAGE"))) {
                revokes.add(new AccessStatement(
                        Kind.REVOKE,
                        "USAGE on " + schema + " from " + r.name(),
                        "REVOKE USAGE ON SCHEMA " + Sql.identifier(schema) + " FROM ROLE " + role));
            }
        }
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
