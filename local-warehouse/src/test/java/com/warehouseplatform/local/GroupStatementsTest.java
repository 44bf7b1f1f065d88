package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshiftdata.model.StatusString;

/** CREATE GROUP and ALTER GROUP as Redshift takes them, and what Redshift's grammar has not. */
class GroupStatementsTest {

    private static LocalWarehouse warehouse;
    private static DataApiClient admin;

    @BeforeAll
    static void start() {
        warehouse = LocalWarehouse.start(LocalWarehouse.Options.defaults());
        admin = new DataApiClient(warehouse);
        admin.run("CREATE USER \"IAMR:a\" PASSWORD DISABLE");
        admin.run("CREATE USER \"IAMR:b\" PASSWORD DISABLE");
        admin.run("CREATE USER dwuser PASSWORD DISABLE");
    }

    @AfterAll
    static void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (warehouse != null) {
            warehouse.close();
        }
    }

    private static String pg(String sql) {
        return RedshiftDialect.toPostgres(sql).replaceAll("\\s+", " ").strip();
    }

    /** The members of a group, as r_Groups lists users by group. */
    private static java.util.List<String> members(String group) {
        return admin.queryText("SELECT u.usename FROM pg_user u JOIN pg_group g ON u.usesysid = ANY (g.grolist)"
                + " WHERE g.groname = '" + group + "' ORDER BY 1");
    }

    @Test
    @RedshiftDoc({"r_CREATE_GROUP", "r_ALTER_GROUP", "r_Groups"})
    void groupsAreCreatedAndChangedAsRedshiftWritesThemAndListedInPgGroup() {
        admin.run("CREATE GROUP admin_group WITH USER \"IAMR:a\", dwuser");
        assertThat(members("admin_group")).containsExactly("IAMR:a", "dwuser");

        admin.run("CREATE GROUP empty_group");
        assertThat(admin.queryText("SELECT groname FROM pg_group WHERE groname = 'empty_group'"))
                .containsExactly("empty_group");

        admin.run("ALTER GROUP admin_group ADD USER \"IAMR:b\"");
        admin.run("ALTER GROUP admin_group DROP USER \"IAMR:a\", dwuser");
        assertThat(members("admin_group")).containsExactly("IAMR:b");
        admin.run("ALTER GROUP admin_group RENAME TO administrators");
        assertThat(members("administrators")).containsExactly("IAMR:b");
        assertThat(members("admin_group")).isEmpty();

        assertThat(pg("create group g user u1")).isEqualTo("create group g user u1");
    }

    @Test
    @RedshiftDoc({"r_CREATE_GROUP", "r_ALTER_GROUP"})
    void postgresqlsRoleOptionsAndReservedNamesAreRefusedByName() {
        assertThatThrownBy(() -> pg("CREATE GROUP g SUPERUSER"))
                .hasMessageContaining("r_CREATE_GROUP")
                .hasMessageContaining("SUPERUSER");
        assertThatThrownBy(() -> pg("CREATE GROUP g WITH LOGIN PASSWORD 'x'")).hasMessageContaining("LOGIN");
        assertThatThrownBy(() -> pg("CREATE GROUP g IN ROLE analyst")).hasMessageContaining("IN");
        assertThatThrownBy(() -> pg("CREATE GROUP g WITH USER a ADMIN b")).hasMessageContaining("ADMIN");
        assertThatThrownBy(() -> pg("CREATE GROUP __internal"))
                .hasMessageContaining("reserved for Amazon Redshift's internal use");
        assertThatThrownBy(() -> pg("ALTER GROUP g RENAME TO \"__x\"")).hasMessageContaining("two underscores");
        assertThatThrownBy(() -> pg("ALTER GROUP CURRENT_USER ADD USER a"))
                .hasMessageContaining("names a group")
                .hasMessageContaining("CURRENT_USER");
        assertThatThrownBy(() -> pg("ALTER GROUP g ADD USER a, PUBLIC")).hasMessageContaining("PUBLIC");
        assertThatThrownBy(() -> pg("ALTER GROUP g ADD USER")).hasMessageContaining("user names");
        assertThatThrownBy(() -> pg("ALTER GROUP g OWNER TO a"))
                .hasMessageContaining("ADD USER, DROP USER or RENAME TO")
                .hasMessageContaining("OWNER");
        assertThat(admin.runBatch("CREATE GROUP g2 SUPERUSER").status())
                .as("refused on the Data API path too")
                .isEqualTo(StatusString.FAILED);
        assertThat(admin.queryText("SELECT groname FROM pg_group WHERE groname = 'g2'"))
                .isEmpty();
    }
}
