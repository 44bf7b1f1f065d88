package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.BootstrapSql.Dialect;
import com.warehouseplatform.loader.BootstrapSql.LoaderGrant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BootstrapSqlTest {

    static final String COPY_ROLE = "arn:aws:iam::123456789012:role/dev-copy";
    static final List<LoaderGrant> GRANTS = List.of(LoaderGrant.of("orders-loader", "sales.orders", COPY_ROLE),
            LoaderGrant.of("orders-loader", "sales.order_lines", COPY_ROLE),
            LoaderGrant.of("customers-loader", "crm.customers", COPY_ROLE));

    @Test
    void redshiftLedgerHasTheContractsColumnsAndASortKey() {
        assertThat(BootstrapSql.schemaAndLedger(Dialect.REDSHIFT)).containsExactly(
                "CREATE SCHEMA IF NOT EXISTS ops",
                "CREATE TABLE IF NOT EXISTS ops.load_ledger (loader VARCHAR(128) NOT NULL, object_key VARCHAR(1024) NOT NULL,"
                        + " etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL, batch_id VARCHAR(64) NOT NULL,"
                        + " loaded_at TIMESTAMP NOT NULL) SORTKEY (loader, object_key)");
        assertThat(BootstrapSql.schemaAndLedger(Dialect.POSTGRES).get(1)).endsWith("loaded_at TIMESTAMP NOT NULL)");
    }

    @Test
    void onlyMissingUsersAreCreated() {
        List<String> sql = BootstrapSql.all(Dialect.REDSHIFT, "dev", GRANTS, Set.of("IAMR:orders-loader"));

        assertThat(sql).filteredOn(s -> s.startsWith("CREATE USER"))
                .containsExactly("CREATE USER \"IAMR:customers-loader\" PASSWORD DISABLE");
        assertThat(BootstrapSql.all(Dialect.POSTGRES, "dev", GRANTS, Set.of()))
                .filteredOn(s -> s.startsWith("CREATE USER"))
                .containsExactly("CREATE USER \"IAMR:orders-loader\"", "CREATE USER \"IAMR:customers-loader\"");
        assertThat(BootstrapSql.existingUsersQuery(BootstrapSql.users(GRANTS)))
                .isEqualTo("SELECT usename FROM pg_user WHERE usename IN ('IAMR:orders-loader', 'IAMR:customers-loader')");
    }

    @Test
    void eachLoaderRoleGetsWhatTheBatchNeeds() {
        assertThat(BootstrapSql.grants("dev", GRANTS.get(0))).containsExactly(
                "GRANT USAGE ON SCHEMA ops TO \"IAMR:orders-loader\"",
                "GRANT SELECT, INSERT, DELETE ON ops.load_ledger TO \"IAMR:orders-loader\"",
                "GRANT USAGE ON SCHEMA \"sales\" TO \"IAMR:orders-loader\"",
                "GRANT SELECT, INSERT, DELETE ON \"sales\".\"orders\" TO \"IAMR:orders-loader\"",
                "GRANT TEMP ON DATABASE \"dev\" TO \"IAMR:orders-loader\"",
                "GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/dev-copy' TO \"IAMR:orders-loader\" FOR COPY");
    }

    @Test
    void bothDialectsGrantTheCopyRoleToEveryLoaderUser() {
        for (Dialect dialect : Dialect.values()) {
            assertThat(BootstrapSql.all(dialect, "dev", GRANTS, Set.of()))
                    .as(dialect.name())
                    .filteredOn(s -> s.startsWith("GRANT ASSUMEROLE"))
                    .contains("GRANT ASSUMEROLE ON '" + COPY_ROLE + "' TO \"IAMR:orders-loader\" FOR COPY",
                            "GRANT ASSUMEROLE ON '" + COPY_ROLE + "' TO \"IAMR:customers-loader\" FOR COPY");
        }
    }

    @Test
    void namesAreValidated() {
        assertThatThrownBy(() -> LoaderGrant.of("role\"; drop", "sales.orders", COPY_ROLE)).hasMessageContaining("not an IAM role name");
        assertThatThrownBy(() -> LoaderGrant.of("r", "orders", COPY_ROLE)).hasMessageContaining("must be schema.table");
        assertThatThrownBy(() -> LoaderGrant.of("r", "sales.orders", "copy'; drop")).hasMessageContaining("must be an IAM role ARN");
        assertThatThrownBy(() -> BootstrapSql.grants("Dev;", GRANTS.get(0))).hasMessageContaining("not a database name");
    }
}
