package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.AccessPlan.Access;
import com.warehouseplatform.loader.AccessPlan.Role;
import com.warehouseplatform.loader.AccessPlan.User;
import com.warehouseplatform.loader.AccessState.DefaultPrivilege;
import com.warehouseplatform.loader.AccessState.Relation;
import com.warehouseplatform.loader.AccessState.RelationPrivilege;
import com.warehouseplatform.loader.AccessState.SchemaPrivilege;
import com.warehouseplatform.loader.AccessState.UserRole;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessPlanTest {

    static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tableau-AbCdEf";
    static final Role ANALYST = new Role("analyst", List.of("sales", "web"), List.of(), null);
    static final User TABLEAU = new User("tableau", List.of("analyst"), SECRET);
    static final Access WANTED = new Access(List.of(ANALYST), List.of(TABLEAU), List.of("admin"));
    static final Set<Relation> TABLES = Set.of(new Relation("sales", "orders"), new Relation("web", "events"));

    static AccessState fresh() {
        return new AccessState(Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), TABLES);
    }

    /** What the first plan of WANTED makes true. */
    static AccessState converged() {
        return new AccessState(
                Set.of("analyst"),
                Set.of("tableau"),
                Set.of(new UserRole("tableau", "analyst")),
                Set.of(
                        new SchemaPrivilege("analyst", "sales", "USAGE"),
                        new SchemaPrivilege("analyst", "web", "USAGE")),
                Set.of(
                        new RelationPrivilege("analyst", "sales", "orders", "SELECT"),
                        new RelationPrivilege("analyst", "web", "events", "SELECT")),
                Set.of(
                        new DefaultPrivilege("analyst", "sales", "admin", "SELECT"),
                        new DefaultPrivilege("analyst", "web", "admin", "SELECT")),
                TABLES);
    }

    static List<String> texts(List<AccessStatement> plan) {
        return plan.stream().map(AccessStatement::text).toList();
    }

    @Test
    void aFreshWarehouseGetsTheRoleItsGrantsTheUserAndItsRole() {
        List<AccessStatement> plan = AccessPlan.plan(WANTED, Access.NONE, fresh(), u -> "sha256|d|s");
        assertThat(texts(plan))
                .containsExactly(
                        "CREATE ROLE \"analyst\"",
                        "CREATE USER \"tableau\" PASSWORD 'sha256|d|s'",
                        "GRANT USAGE ON SCHEMA \"sales\" TO ROLE \"analyst\"",
                        "GRANT SELECT ON ALL TABLES IN SCHEMA \"sales\" TO ROLE \"analyst\"",
                        "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"sales\" GRANT SELECT ON TABLES TO ROLE \"analyst\"",
                        "GRANT USAGE ON SCHEMA \"web\" TO ROLE \"analyst\"",
                        "GRANT SELECT ON ALL TABLES IN SCHEMA \"web\" TO ROLE \"analyst\"",
                        "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"web\" GRANT SELECT ON TABLES TO ROLE \"analyst\"",
                        "GRANT ROLE \"analyst\" TO \"tableau\"");
    }

    @Test
    void aSecondRunWithNoChangePlansNothingAndReadsNoSecret() {
        AtomicInteger secretsRead = new AtomicInteger();
        List<AccessStatement> plan = AccessPlan.plan(WANTED, WANTED, converged(), u -> {
            secretsRead.incrementAndGet();
            return "sha256|d|s";
        });
        assertThat(plan).isEmpty();
        assertThat(secretsRead).hasValue(0);
    }

    @Test
    void aTableCreatedLaterWithoutTheGrantIsGrantedAgain() {
        AccessState now = converged();
        Set<Relation> tables = new HashSet<>(TABLES);
        tables.add(new Relation("sales", "refunds"));
        now = new AccessState(
                now.roles(),
                now.users(),
                now.userRoles(),
                now.schemaPrivileges(),
                now.relationPrivileges(),
                now.defaultPrivileges(),
                tables);
        assertThat(texts(AccessPlan.plan(WANTED, WANTED, now, u -> "x")))
                .containsExactly("GRANT SELECT ON ALL TABLES IN SCHEMA \"sales\" TO ROLE \"analyst\"");
    }

    @Test
    void aSchemaRemovedFromReadIsRevokedTablesDefaultsAndUsage() {
        Access narrower = new Access(
                List.of(new Role("analyst", List.of("sales"), List.of(), null)), List.of(TABLEAU), List.of("admin"));
        assertThat(texts(AccessPlan.plan(narrower, WANTED, converged(), u -> "x")))
                .containsExactly(
                        "REVOKE SELECT ON ALL TABLES IN SCHEMA \"web\" FROM ROLE \"analyst\"",
                        "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"web\" REVOKE SELECT ON TABLES FROM ROLE \"analyst\"",
                        "REVOKE USAGE ON SCHEMA \"web\" FROM ROLE \"analyst\"");
    }

    @Test
    void writeGivesInsertUpdateDeleteAndLosingItRevokesThem() {
        Access writer = new Access(
                List.of(new Role("analyst", List.of("sales", "web"), List.of("sales"), null)),
                List.of(TABLEAU),
                List.of("admin"));
        assertThat(texts(AccessPlan.plan(writer, WANTED, converged(), u -> "x")))
                .containsExactly(
                        "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"sales\" TO ROLE \"analyst\"",
                        "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"sales\" GRANT INSERT, UPDATE, DELETE ON TABLES TO ROLE \"analyst\"");

        AccessState now = converged();
        Set<RelationPrivilege> held = new HashSet<>(now.relationPrivileges());
        held.add(new RelationPrivilege("analyst", "sales", "orders", "INSERT"));
        held.add(new RelationPrivilege("analyst", "sales", "orders", "DELETE"));
        now = new AccessState(
                now.roles(),
                now.users(),
                now.userRoles(),
                now.schemaPrivileges(),
                held,
                now.defaultPrivileges(),
                now.relations());
        assertThat(texts(AccessPlan.plan(WANTED, writer, now, u -> "x")))
                .containsExactly("REVOKE DELETE, INSERT ON ALL TABLES IN SCHEMA \"sales\" FROM ROLE \"analyst\"");
    }

    @Test
    void aRoleAndUserRemovedFromConfigAreRevokedThenDropped() {
        List<AccessStatement> plan = AccessPlan.plan(Access.NONE, WANTED, converged(), u -> "x");
        assertThat(plan.stream().map(AccessStatement::kind).toList())
                .containsExactly(
                        AccessStatement.Kind.REVOKE_ROLE,
                        AccessStatement.Kind.REVOKE,
                        AccessStatement.Kind.REVOKE_DEFAULT,
                        AccessStatement.Kind.REVOKE,
                        AccessStatement.Kind.REVOKE,
                        AccessStatement.Kind.REVOKE_DEFAULT,
                        AccessStatement.Kind.REVOKE,
                        AccessStatement.Kind.DROP_USER,
                        AccessStatement.Kind.DROP_ROLE);
        assertThat(texts(plan))
                .startsWith("REVOKE ROLE \"analyst\" FROM \"tableau\"")
                .endsWith("DROP USER \"tableau\"", "DROP ROLE \"analyst\"");
    }

    @Test
    void whatTheStepDidNotMakeIsNeverTouched() {
        // a hand-made role granted to the managed user, and the managed role granted to the admin
        AccessState now = converged();
        Set<UserRole> held = new HashSet<>(now.userRoles());
        held.add(new UserRole("tableau", "handmade"));
        held.add(new UserRole("admin", "analyst"));
        now = new AccessState(
                now.roles(),
                now.users(),
                held,
                now.schemaPrivileges(),
                now.relationPrivileges(),
                now.defaultPrivileges(),
                now.relations());
        assertThat(AccessPlan.plan(WANTED, WANTED, now, u -> "x")).isEmpty();
    }

    @Test
    void aSignInRoleGetsAPasswordFreeUserGrantedTheRole() {
        Role signIn = new Role("analyst", List.of("sales", "web"), List.of(), "IAMR:warehouse-analyst-signin");
        Access wanted = new Access(List.of(signIn), List.of(), List.of("admin"));
        List<String> plan = texts(AccessPlan.plan(wanted, Access.NONE, fresh(), u -> {
            throw new AssertionError("a sign-in user has no secret");
        }));
        assertThat(plan)
                .contains(
                        "CREATE USER \"IAMR:warehouse-analyst-signin\" PASSWORD DISABLE",
                        "GRANT ROLE \"analyst\" TO \"IAMR:warehouse-analyst-signin\"");
    }

    @Test
    void anExistingServiceUserKeepsItsPassword() {
        AccessState now = new AccessState(Set.of(), Set.of("tableau"), Set.of(), Set.of(), Set.of(), Set.of(), TABLES);
        List<AccessStatement> plan = AccessPlan.plan(WANTED, Access.NONE, now, u -> {
            throw new AssertionError("the secret of an existing user is never read");
        });
        assertThat(plan).noneMatch(s -> s.kind() == AccessStatement.Kind.CREATE_USER);
    }

    @Test
    void aStatementWithAVerifierNeverPrintsItsText() {
        AccessStatement create = AccessPlan.plan(WANTED, Access.NONE, fresh(), u -> "sha256|secretdigest|salt")
                .get(1);
        assertThat(create.kind()).isEqualTo(AccessStatement.Kind.CREATE_USER);
        assertThat(create.printable()).isFalse();
        assertThat(create.toString()).isEqualTo("CREATE_USER tableau").doesNotContain("secretdigest");
    }

    @Test
    void refusesWhatTheStepMayNeverGrant() {
        assertThatThrownBy(() -> new Role("analyst", List.of("ops"), List.of(), null))
                .hasMessageContaining("ops");
        assertThatThrownBy(() -> new Role("analyst", List.of("sales"), List.of("web"), null))
                .hasMessageContaining("writes a schema it does not read");
        assertThatThrownBy(() -> new Role("public", List.of(), List.of(), null)).hasMessageContaining("public");
        assertThatThrownBy(() ->
                        new Access(List.of(ANALYST), List.of(new User("admin", List.of(), SECRET)), List.of("admin")))
                .hasMessageContaining("never manages user admin");
        assertThatThrownBy(() -> new Access(List.of(), List.of(TABLEAU), List.of("admin")))
                .hasMessageContaining("unknown role analyst");
        assertThatThrownBy(() -> new Access(List.of(ANALYST, ANALYST), List.of(), List.of()))
                .hasMessageContaining("duplicate role");
    }

    @Test
    void theQueriesNameOnlyTheManagedRolesAndUsers() {
        AccessState.Queries q = AccessState.queries(List.of("analyst"), List.of("tableau"), List.of("sales"));
        List<String> all = new ArrayList<>(List.of(
                q.roles(),
                q.users(),
                q.userRoles(),
                q.schemaPrivileges(),
                q.relationPrivileges(),
                q.defaultPrivileges()));
        assertThat(all).allMatch(s -> s.contains("'analyst'") || s.contains("'tableau'"));
        assertThat(AccessState.queries(List.of(), List.of(), List.of()).roles()).endsWith("IN ('')");
    }

    @Test
    void theVerifierIsSha256OfPasswordAndSaltWithTheSalt() {
        byte[] salt = new byte[32];
        String v = PasswordVerifier.of("pw", salt);
        assertThat(v).matches("sha256\\|[0-9a-f]{64}\\|0{64}").doesNotContain("pw|");
        assertThat(PasswordVerifier.of("pw")).isNotEqualTo(PasswordVerifier.of("pw"));
    }
}
