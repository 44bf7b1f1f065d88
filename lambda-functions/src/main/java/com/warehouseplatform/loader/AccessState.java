package com.warehouseplatform.loader;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * What the managed roles and users hold now, read from Redshift's system views, each query
 * restricted to the names the step manages. The columns are the pages' own: SVV_ROLES (role_name),
 * PG_USER (usename), SVV_USER_GRANTS (user_name, role_name), SVV_SCHEMA_PRIVILEGES (namespace_name,
 * privilege_type, identity_name, identity_type, privilege_scope), SVV_RELATION_PRIVILEGES
 * (namespace_name, relation_name, privilege_type, identity_name, identity_type),
 * SVV_DEFAULT_PRIVILEGES (schema_name, object_type, owner_name, privilege_type, grantee_name,
 * grantee_type). The tables of a schema come from information_schema.tables, which the admin (a
 * superuser) sees whole.
 */
public record AccessState(
        Set<String> roles,
        Set<String> users,
        Set<UserRole> userRoles,
        Set<SchemaPrivilege> schemaPrivileges,
        Set<RelationPrivilege> relationPrivileges,
        Set<DefaultPrivilege> defaultPrivileges,
        Set<Relation> relations) {

    public static final AccessState EMPTY =
            new AccessState(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());

    public record UserRole(String user, String role) {}

    public record SchemaPrivilege(String role, String schema, String privilege) {}

    public record RelationPrivilege(String role, String schema, String relation, String privilege) {}

    public record DefaultPrivilege(String role, String schema, String owner, String privilege) {}

    public record Relation(String schema, String name) {}

    /** The queries, in the order {@link #of} reads their rows. */
    public record Queries(
            String roles,
            String users,
            String userRoles,
            String schemaPrivileges,
            String relationPrivileges,
            String defaultPrivileges,
            String relations) {}

    public static Queries queries(Collection<String> roles, Collection<String> users, Collection<String> schemas) {
        String r = in(roles);
        return new Queries(
                "SELECT role_name FROM svv_roles WHERE role_name IN (" + r + ")",
                "SELECT usename FROM pg_user WHERE usename IN (" + in(users) + ")",
                "SELECT user_name, role_name FROM svv_user_grants WHERE user_name IN (" + in(users)
                        + ") AND role_name IN (" + r + ")",
                "SELECT identity_name, namespace_name, privilege_type FROM svv_schema_privileges"
                        + " WHERE identity_type = 'role' AND privilege_scope = 'SCHEMA' AND identity_name IN (" + r
                        + ")",
                "SELECT identity_name, namespace_name, relation_name, privilege_type FROM svv_relation_privileges"
                        + " WHERE identity_type = 'role' AND identity_name IN (" + r + ")",
                "SELECT grantee_name, schema_name, owner_name, privilege_type FROM svv_default_privileges"
                        + " WHERE grantee_type = 'role' AND object_type = 'RELATION' AND grantee_name IN (" + r + ")",
                "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN (" + in(schemas)
                        + ")");
    }

    /** The state from the rows of each of {@link #queries}, in their order. */
    public static AccessState of(List<List<List<String>>> rows) {
        Set<String> roles = new TreeSet<>();
        rows.get(0).forEach(row -> roles.add(cell(row, 0)));
        Set<String> users = new TreeSet<>();
        rows.get(1).forEach(row -> users.add(cell(row, 0)));
        Set<UserRole> userRoles = new LinkedHashSet<>();
        rows.get(2).forEach(row -> userRoles.add(new UserRole(cell(row, 0), cell(row, 1))));
        Set<SchemaPrivilege> schema = new LinkedHashSet<>();
        rows.get(3).forEach(row -> schema.add(new SchemaPrivilege(cell(row, 0), cell(row, 1), upper(cell(row, 2)))));
        Set<RelationPrivilege> relation = new LinkedHashSet<>();
        rows.get(4)
                .forEach(row -> relation.add(
                        new RelationPrivilege(cell(row, 0), cell(row, 1), cell(row, 2), upper(cell(row, 3)))));
        Set<DefaultPrivilege> defaults = new LinkedHashSet<>();
        rows.get(5)
                .forEach(row -> defaults.add(
                        new DefaultPrivilege(cell(row, 0), cell(row, 1), cell(row, 2), upper(cell(row, 3)))));
        Set<Relation> relations = new LinkedHashSet<>();
        rows.get(6).forEach(row -> relations.add(new Relation(cell(row, 0), cell(row, 1))));
        return new AccessState(roles, users, userRoles, schema, relation, defaults, relations);
    }

    public boolean hasRole(String user, String role) {
        return userRoles.contains(new UserRole(user, role));
    }

    /** Whether some table of {@code schema} lacks {@code privilege} for {@code role}. */
    public boolean lacksOnSomeTable(String role, String schema, String privilege) {
        for (Relation t : relations) {
            if (t.schema().equals(schema)
                    && !relationPrivileges.contains(new RelationPrivilege(role, schema, t.name(), privilege))) {
                return true;
            }
        }
        return false;
    }

    /** Every schema in which {@code role} holds anything, sorted. */
    public Set<String> schemasOf(String role) {
        Set<String> out = new TreeSet<>();
        schemaPrivileges.stream().filter(p -> p.role().equals(role)).forEach(p -> out.add(p.schema()));
        relationPrivileges.stream().filter(p -> p.role().equals(role)).forEach(p -> out.add(p.schema()));
        defaultPrivileges.stream().filter(p -> p.role().equals(role)).forEach(p -> out.add(p.schema()));
        return out;
    }

    /** The owners whose later tables in {@code schema} give {@code role} default privileges, sorted. */
    public Set<String> defaultOwners(String role, String schema) {
        Set<String> out = new TreeSet<>();
        defaultPrivileges.stream()
                .filter(p -> p.role().equals(role) && p.schema().equals(schema))
                .forEach(p -> out.add(p.owner()));
        return out;
    }

    /** A SQL IN list of literals; {@code ''} alone when empty, which matches no name. */
    static String in(Collection<String> values) {
        StringJoiner in = new StringJoiner(", ");
        for (String v : values) {
            in.add(Sql.literal(v));
        }
        return values.isEmpty() ? "''" : in.toString();
    }

    private static String cell(List<String> row, int i) {
        String v = row.get(i);
        return v == null ? null : v.strip();
    }

    private static String upper(String s) {
        return s == null ? null : s.toUpperCase(java.util.Locale.ROOT);
    }

    static List<String> list(Collection<String> c) {
        return new ArrayList<>(c);
    }
}
