package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.warehouseplatform.loader.BootstrapSql.Dialect;
import com.warehouseplatform.loader.BootstrapSql.GroupState;
import com.warehouseplatform.loader.BootstrapSql.LoaderGrant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BootstrapSqlTest {

    static final String ORDERS_COPY = "arn:aws:iam::123456789012:role/dev-copy-orders";
    static final String CUSTOMERS_COPY = "arn:aws:iam::123456789012:role/dev-copy-customers";
    static final List<LoaderGrant> GRANTS = List.of(
            LoaderGrant.of("orders", "orders-loader", "sales.orders", ORDERS_COPY, "merge"),
            LoaderGrant.of("order-lines", "orders-loader", "sales.order_lines", ORDERS_COPY, "append"),
            LoaderGrant.of("customers", "customers-loader", "crm.customers", CUSTOMERS_COPY, "replace"));

    @Test
    void everyDeployRevokesWhatPublicHoldsByDefault() {
        assertThat(BootstrapSql.schema())
                .containsExactly(
                        "CREATE SCHEMA IF NOT EXISTS ops",
                        "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL",
                        "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    }

    @Test
    void eachLoaderHasALedgerOfItsOwn() {
        assertThat(BootstrapSql.ledger(Dialect.REDSHIFT, "order-lines"))
                .isEqualTo("CREATE TABLE IF NOT EXISTS ops.\"ledger_order_lines\" (object_key VARCHAR(1024) NOT NULL,"
                        + " etag VARCHAR(128) NOT NULL, size_bytes BIGINT NOT NULL, batch_id VARCHAR(64) NOT NULL,"
                        + " loaded_at TIMESTAMP NOT NULL) SORTKEY (object_key)");
        assertThat(BootstrapSql.ledger(Dialect.POSTGRES, "orders")).endsWith("loaded_at TIMESTAMP NOT NULL)");
        assertThat(BootstrapSql.all(Dialect.REDSHIFT, "dev", GRANTS, Set.of(), GroupState.absent()))
                .filteredOn(s -> s.startsWith("CREATE TABLE"))
                .hasSize(3);
    }

    @Test
    void onlyMissingUsersAreCreated() {
        List<String> sql =
                BootstrapSql.all(Dialect.REDSHIFT, "dev", GRANTS, Set.of("IAMR:orders-loader"), GroupState.absent());

        assertThat(sql)
                .filteredOn(s -> s.startsWith("CREATE USER"))
                .containsExactly("CREATE USER \"IAMR:customers-loader\" PASSWORD DISABLE");
        assertThat(BootstrapSql.all(Dialect.POSTGRES, "dev", GRANTS, Set.of(), GroupState.absent()))
                .filteredOn(s -> s.startsWith("CREATE USER"))
                .containsExactly("CREATE USER \"IAMR:orders-loader\"", "CREATE USER \"IAMR:customers-loader\"");
        assertThat(BootstrapSql.existingUsersQuery(BootstrapSql.users(GRANTS)))
                .isEqualTo(
                        "SELECT usename FROM pg_user WHERE usename IN ('IAMR:orders-loader', 'IAMR:customers-loader')");
    }

    @Test
    void eachLoaderGetsWhatItsModeNeedsOnItsOwnLedgerAndRole() {
        assertThat(BootstrapSql.grants("dev", GRANTS.get(0)))
                .containsExactly(
                        "GRANT USAGE ON SCHEMA ops TO \"IAMR:orders-loader\"",
                        "GRANT SELECT, INSERT, DELETE ON ops.\"ledger_orders\" TO \"IAMR:orders-loader\"",
                        "GRANT USAGE ON SCHEMA \"sales\" TO \"IAMR:orders-loader\"",
                        "GRANT SELECT, INSERT ON \"sales\".\"orders\" TO \"IAMR:orders-loader\"",
                        "GRANT DELETE ON \"sales\".\"orders\" TO \"IAMR:orders-loader\"",
                        "GRANT TEMP ON DATABASE \"dev\" TO \"IAMR:orders-loader\"",
                        "GRANT ASSUMEROLE ON '" + ORDERS_COPY + "' TO \"IAMR:orders-loader\" FOR COPY");
        assertThat(BootstrapSql.grants("dev", GRANTS.get(1)))
                .as("append: no DELETE, taken back if it was merge before")
                .contains("REVOKE DELETE ON \"sales\".\"order_lines\" FROM \"IAMR:orders-loader\"")
                .noneMatch(s -> s.startsWith("GRANT DELETE"));
    }

    @Test
    void noLoaderIsGrantedAnotherLoadersLedgerOrRole() {
        List<String> customers = BootstrapSql.grants("dev", GRANTS.get(2));

        assertThat(customers).noneMatch(s -> s.contains("ledger_orders") || s.contains(ORDERS_COPY));
        assertThat(BootstrapSql.all(Dialect.POSTGRES, "dev", GRANTS, Set.of(), GroupState.absent()))
                .filteredOn(s -> s.startsWith("GRANT ASSUMEROLE"))
                .containsExactly(
                        "GRANT ASSUMEROLE ON '" + ORDERS_COPY + "' TO \"IAMR:orders-loader\" FOR COPY",
                        "GRANT ASSUMEROLE ON '" + ORDERS_COPY + "' TO \"IAMR:orders-loader\" FOR COPY",
                        "GRANT ASSUMEROLE ON '" + CUSTOMERS_COPY + "' TO \"IAMR:customers-loader\" FOR COPY");
    }

    @Test
    void theLoadersGroupIsCreatedOnceAndHoldsEveryLoadersUserAfterTheUsersExist() {
        List<String> first = BootstrapSql.all(Dialect.REDSHIFT, "dev", GRANTS, Set.of(), GroupState.absent());

        assertThat(first)
                .filteredOn(s -> s.contains("GROUP"))
                .containsExactly(
                        "CREATE GROUP loaders",
                        "ALTER GROUP loaders ADD USER \"IAMR:orders-loader\", \"IAMR:customers-loader\"");
        assertThat(first.indexOf("CREATE GROUP loaders"))
                .as("the group after the users it adds, before the grants")
                .isGreaterThan(first.indexOf("CREATE USER \"IAMR:customers-loader\" PASSWORD DISABLE"))
                .isLessThan(first.indexOf("GRANT USAGE ON SCHEMA ops TO \"IAMR:orders-loader\""));
        assertThat(BootstrapSql.LOADERS_GROUP).isEqualTo(com.warehouseplatform.contract.LoaderContract.LOADERS_GROUP);
    }

    @Test
    void aSecondRunSendsNoGroupStatementAndANewLoaderIsOnlyAdded() {
        GroupState full = new GroupState(true, Set.of("IAMR:orders-loader", "IAMR:customers-loader"));
        GroupState partial = new GroupState(true, Set.of("IAMR:orders-loader", "IAMR:someone-else"));

        assertThat(BootstrapSql.group(BootstrapSql.users(GRANTS), full)).isEmpty();
        assertThat(BootstrapSql.group(BootstrapSql.users(GRANTS), partial))
                .as("a member of the group is never added again, and nobody is dropped")
                .containsExactly("ALTER GROUP loaders ADD USER \"IAMR:customers-loader\"");
        assertThat(BootstrapSql.group(List.of(), GroupState.absent()))
                .as("without loaders the group still exists, so a WLM queue may name it")
                .containsExactly("CREATE GROUP loaders");
    }

    @Test
    void theGroupIsReadFromPgGroupWithItsMembers() {
        assertThat(BootstrapSql.loadersGroupQuery())
                .isEqualTo("SELECT g.groname, u.usename FROM pg_group g LEFT JOIN pg_user u"
                        + " ON u.usesysid = ANY (g.grolist) WHERE g.groname = 'loaders'");
        assertThat(GroupState.fromRows(List.of())).isEqualTo(GroupState.absent());
        assertThat(GroupState.fromRows(List.of(java.util.Arrays.asList("loaders", null))))
                .isEqualTo(new GroupState(true, Set.of()));
        assertThat(GroupState.fromRows(List.of(List.of("loaders", "IAMR:a "), List.of("loaders", "IAMR:b"))))
                .isEqualTo(new GroupState(true, Set.of("IAMR:a", "IAMR:b")));
    }

    @Test
    void namesAreValidated() {
        assertThatThrownBy(() -> LoaderGrant.of("orders", "role\"; drop", "sales.orders", ORDERS_COPY, "append"))
                .hasMessageContaining("not an IAM role name");
        assertThatThrownBy(() -> LoaderGrant.of("orders", "r", "orders", ORDERS_COPY, "append"))
                .hasMessageContaining("must be schema.table");
        assertThatThrownBy(() -> LoaderGrant.of("orders", "r", "sales.orders", "copy'; drop", "append"))
                .hasMessageContaining("must be an IAM role ARN");
        assertThatThrownBy(() -> LoaderGrant.of("orders\"; x", "r", "sales.orders", ORDERS_COPY, "append"))
                .hasMessageContaining("not a loader name");
        assertThatThrownBy(() -> LoaderGrant.of("orders", "r", "sales.orders", ORDERS_COPY, "upsert"))
                .hasMessageContaining("mode must be append, merge or replace");
        assertThatThrownBy(() -> BootstrapSql.grants("Dev;", GRANTS.get(0)))
                .hasMessageContaining("not a database name");
    }
}
