package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.redshiftdata.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.redshiftdata.model.ExecuteStatementRequest;

class HandlersTest {

    @Test
    void theLoaderRefusesInputForAnotherLoaderBeforeTouchingAnyClient() {
        LoaderHandler handler =
                new LoaderHandler(null, null, null, TestSettings.defaults(), Clock.systemUTC(), d -> {});

        assertThatThrownBy(() -> handler.handleRequest(Map.of("loader", "customers"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("this function is loader 'orders'");
    }

    @Test
    void bootstrapDeleteIsANoOp() {
        ScriptedDataApi api = new ScriptedDataApi();
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> {});

        Map<String, Object> out = handler.handleRequest(
                Map.of(
                        "RequestType",
                        "Delete",
                        "PhysicalResourceId",
                        "pid",
                        "ResourceProperties",
                        Map.of("Database", "dev")),
                null);

        assertThat(out).containsEntry("PhysicalResourceId", "pid");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void bootstrapCreateChecksUsersThenRunsTheIdempotentSqlWithTheAdminSecret() {
        ScriptedDataApi api = new ScriptedDataApi();
        api.results.add(List.of(List.of(ScriptedDataApi.text("IAMR:orders-loader"))));
        api.results.add(List.of(List.of(ScriptedDataApi.text("loaders"), ScriptedDataApi.text("IAMR:orders-loader"))));
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> {});

        Map<String, Object> out = handler.handleRequest(
                Map.of(
                        "RequestType",
                        "Create",
                        "ResourceProperties",
                        Map.of(
                                "SecretArn",
                                "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
                                "WorkgroupName",
                                "analytics",
                                "Database",
                                "dev",
                                "Loaders",
                                List.of(
                                        Map.of(
                                                "loader",
                                                "orders",
                                                "roleName",
                                                "orders-loader",
                                                "table",
                                                "sales.orders",
                                                "copyRoleArn",
                                                "arn:aws:iam::123456789012:role/dev-copy-orders",
                                                "mode",
                                                "merge"),
                                        Map.of(
                                                "loader",
                                                "customers",
                                                "roleName",
                                                "customers-loader",
                                                "table",
                                                "crm.customers",
                                                "copyRoleArn",
                                                "arn:aws:iam::123456789012:role/dev-copy-customers",
                                                "mode",
                                                "append")))),
                null);

        ExecuteStatementRequest check = api.sent(ExecuteStatementRequest.class).get(0);
        assertThat(check.sql()).startsWith("SELECT usename FROM pg_user");
        assertThat(check.secretArn()).endsWith(":secret:admin");
        assertThat(check.workgroupName()).isEqualTo("analytics");
        BatchExecuteStatementRequest batch =
                api.sent(BatchExecuteStatementRequest.class).get(0);
        assertThat(batch.secretArn()).endsWith(":secret:admin");
        assertThat(batch.sqls())
                .contains(
                        "CREATE SCHEMA IF NOT EXISTS ops",
                        "CREATE USER \"IAMR:customers-loader\" PASSWORD DISABLE",
                        "REVOKE ASSUMEROLE ON ALL FROM PUBLIC FOR ALL",
                        "GRANT SELECT, INSERT ON \"crm\".\"customers\" TO \"IAMR:customers-loader\"",
                        "GRANT ASSUMEROLE ON 'arn:aws:iam::123456789012:role/dev-copy-customers' TO \"IAMR:customers-loader\" FOR COPY");
        assertThat(batch.sqls()).noneMatch(s -> s.contains("CREATE USER \"IAMR:orders-loader\""));
        assertThat(api.sent(ExecuteStatementRequest.class).get(1).sql())
                .as("the group is read before it is changed")
                .startsWith("SELECT g.groname, u.usename FROM pg_group");
        assertThat(batch.sqls())
                .as("the group exists with orders in it: only customers is added")
                .contains("ALTER GROUP loaders ADD USER \"IAMR:customers-loader\"")
                .noneMatch(s -> s.startsWith("CREATE GROUP"));
        assertThat(out.get("PhysicalResourceId")).isEqualTo("warehouse-bootstrap-analytics-dev");
    }

    @Test
    void aLoaderWithoutItsCopyRoleIsRefusedAndNothingIsSent() {
        ScriptedDataApi api = new ScriptedDataApi();
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> {});

        assertThatThrownBy(() -> handler.handleRequest(
                        Map.of(
                                "RequestType",
                                "Update",
                                "ResourceProperties",
                                Map.of(
                                        "SecretArn",
                                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
                                        "ClusterIdentifier",
                                        "dev-warehouse",
                                        "Database",
                                        "dev",
                                        "Loaders",
                                        List.of(Map.of(
                                                "loader",
                                                "orders",
                                                "roleName",
                                                "orders-loader",
                                                "table",
                                                "sales.orders",
                                                "mode",
                                                "merge")))),
                        null))
                .hasMessageContaining("copyRoleArn");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void aBootstrapNamingAnotherLoadersGroupIsRefusedAndNothingIsSent() {
        ScriptedDataApi api = new ScriptedDataApi();
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> {});

        assertThatThrownBy(() -> handler.handleRequest(
                        Map.of(
                                "RequestType",
                                "Update",
                                "ResourceProperties",
                                Map.of(
                                        "SecretArn",
                                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
                                        "ClusterIdentifier",
                                        "dev-warehouse",
                                        "Database",
                                        "dev",
                                        "LoadersGroup",
                                        "etl_users")),
                        null))
                .hasMessageContaining("LoadersGroup must be loaders, got etl_users");
        assertThat(api.requests).isEmpty();
    }

    static Map<String, Object> migrationEvent(List<Map<String, String>> files) {
        return Map.of(
                "RequestType",
                "Update",
                "ResourceProperties",
                Map.of(
                        "SecretArn",
                        "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
                        "ClusterIdentifier",
                        "dev-warehouse",
                        "Database",
                        "dev",
                        "Migrations",
                        files));
    }

    /** Each shape the contract refuses stops the deploy at the handler, naming the file, before any statement. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "ALTER TABLE sales.orders ALTER COLUMN note TYPE VARCHAR(512)|ALTER COLUMN ... TYPE cannot run inside a transaction block",
                "CREATE EXTERNAL TABLE spectrum.sales (id INT) LOCATION 's3://b/p/'|external table DDL cannot run",
                "DROP EXTERNAL TABLE spectrum.sales|external table DDL cannot run",
                "ALTER EXTERNAL TABLE spectrum.sales SET LOCATION 's3://b/q/'|external table DDL cannot run",
                "CREATE EXTERNAL SCHEMA spectrum FROM DATA CATALOG DATABASE 'db' IAM_ROLE default|external schema DDL cannot run",
                "VACUUM sales.orders|VACUUM cannot run inside a transaction block",
                "CREATE DATABASE other|CREATE DATABASE cannot run",
                "DROP DATABASE other|DROP DATABASE cannot run",
                "TRUNCATE sales.orders|TRUNCATE commits the open transaction"
            })
    void migrationHandlerRefusesAStatementRedshiftRefusesInATransactionBeforeSendingAny(
            String statement, String reason) {
        ScriptedDataApi api = new ScriptedDataApi();
        MigrationHandler handler = new MigrationHandler(api, Clock.systemUTC(), d -> {});

        assertThatThrownBy(() -> handler.handleRequest(
                        migrationEvent(List.of(
                                Map.of("file", "V1__create.sql", "sql", "CREATE TABLE t (x INT);"),
                                Map.of(
                                        "file",
                                        "V2__change.sql",
                                        "sql",
                                        "INSERT INTO t VALUES (1);\n" + statement + ";"))),
                        null))
                .hasMessageStartingWith("schema migrations refused, nothing applied:\nV2__change.sql: statement 2 (")
                .hasMessageContaining(reason);
        assertThat(api.requests).as("nothing sent, not even the history table").isEmpty();
    }

    @Test
    void migrationHandlerRefusesTooManyOrTooLongStatementsBeforeSendingAny() {
        ScriptedDataApi api = new ScriptedDataApi();
        MigrationHandler handler = new MigrationHandler(api, Clock.systemUTC(), d -> {});

        assertThatThrownBy(() -> handler.handleRequest(
                        migrationEvent(List.of(
                                Map.of("file", "V1__many.sql", "sql", "SELECT 1;\n".repeat(40)),
                                Map.of("file", "V2__long.sql", "sql", "SELECT '" + "x".repeat(100_000) + "'"))),
                        null))
                .hasMessageContaining("V1__many.sql: holds 40 statements")
                .hasMessageContaining("V2__long.sql: statement 1 (SELECT 'xxx")
                .hasMessageContaining("characters, the Data API takes at most 100000");
        assertThat(api.requests).isEmpty();
    }
}
