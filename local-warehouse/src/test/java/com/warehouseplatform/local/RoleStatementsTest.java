package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RoleStatementsTest {

    private static String pg(String sql) {
        return RedshiftDialect.toPostgres(sql).replaceAll("\\s+", " ").strip();
    }

    @Test
    @RedshiftDoc({"r_GRANT", "r_REVOKE", "r_ALTER_DEFAULT_PRIVILEGES"})
    void rolesAreNamedWithoutTheWordRoleAsPostgresqlNamesThem() {
        assertThat(pg("GRANT USAGE ON SCHEMA \"sales\" TO ROLE \"analyst\""))
                .isEqualTo("GRANT USAGE ON SCHEMA \"sales\" TO \"analyst\"");
        assertThat(pg("REVOKE SELECT ON ALL TABLES IN SCHEMA web FROM ROLE analyst"))
                .isEqualTo("REVOKE SELECT ON ALL TABLES IN SCHEMA web FROM analyst");
        assertThat(pg("GRANT ROLE \"analyst\" TO \"tableau\"")).isEqualTo("GRANT \"analyst\" TO \"tableau\"");
        assertThat(pg("REVOKE ROLE analyst FROM \"IAMR:x\"")).isEqualTo("REVOKE analyst FROM \"IAMR:x\"");
        assertThat(
                        pg(
                                "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"sales\" GRANT SELECT ON TABLES TO ROLE \"analyst\""))
                .isEqualTo(
                        "ALTER DEFAULT PRIVILEGES FOR USER \"admin\" IN SCHEMA \"sales\" GRANT SELECT ON TABLES TO \"analyst\"");
    }

    @Test
    @RedshiftDoc({"r_CREATE_USER", "r_CREATE_ROLE"})
    void usersTakeRedshiftsPasswordFormsAndReservedRoleNamesAreRefused() {
        assertThat(pg("CREATE USER \"IAMR:signin\" PASSWORD DISABLE")).isEqualTo("CREATE USER \"IAMR:signin\"");
        String digest = "a".repeat(64);
        assertThat(pg("CREATE USER \"tableau\" PASSWORD 'sha256|" + digest + "|" + digest + "'"))
                .isEqualTo("CREATE USER \"tableau\"");
        assertThatThrownBy(() -> pg("CREATE USER t PASSWORD 'sha256|short|salt'"))
                .hasMessageContaining("sha256|digest|256-bit salt");
        assertThatThrownBy(() -> pg("CREATE ROLE \"sys:dba\"")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> pg("CREATE ROLE public")).hasMessageContaining("reserved");
        assertThat(pg("CREATE ROLE analyst")).isEqualTo("CREATE ROLE analyst");
    }
}
