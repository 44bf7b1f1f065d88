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
        LoaderHandler handler = new LoaderHandler(null, null, null, TestSettings.defaults(), Clock.systemUTC(), d -> { });

        assertThatThrownBy(() -> handler.handleRequest(Map.of("loader", "customers"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("this function is loader 'orders'");
    }

    @Test
    void bootstrapDeleteIsANoOp() {
        ScriptedDataApi api = new ScriptedDataApi();
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> { });

        Map<String, Object> out = handler.handleRequest(Map.of("RequestType", "Delete", "PhysicalResourceId", "pid",
                "ResourceProperties", Map.of("Database", "dev")), null);

        assertThat(out).containsEntry("PhysicalResourceId", "pid");
        assertThat(api.requests).isEmpty();
    }

    @Test
    void bootstrapCreateChecksUsersThenRunsTheIdempotentSqlWithTheAdminSecret() {
        ScriptedDataApi api = new ScriptedDataApi();
        api.results.add(List.of(List.of(ScriptedDataApi.text("IAMR:orders-loader"))));
        BootstrapHandler handler = new BootstrapHandler(api, Clock.systemUTC(), d -> { });

        Map<String, Object> out = handler.handleRequest(Map.of("RequestType", "Create", "ResourceProperties", Map.of(
                "SecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:admin",
                "WorkgroupName", "analytics", "Database", "dev",
                "Loaders", List.of(Map.of("roleName", "orders-loader", "table", "sales.orders"),
                        Map.of("roleName", "customers-loader", "table", "crm.customers")))), null);

        ExecuteStatementRequest check = api.sent(ExecuteStatementRequest.class).get(0);
        assertThat(check.sql()).startsWith("SELECT usename FROM pg_user");
        assertThat(check.secretArn()).endsWith(":secret:admin");
        assertThat(check.workgroupName()).isEqualTo("analytics");
        BatchExecuteStatementRequest batch = api.sent(BatchExecuteStatementRequest.class).get(0);
        assertThat(batch.secretArn()).endsWith(":secret:admin");
        assertThat(batch.sqls()).contains("CREATE SCHEMA IF NOT EXISTS ops",
                "CREATE USER \"IAMR:customers-loader\" PASSWORD DISABLE",
                "GRANT SELECT, INSERT, DELETE ON \"crm\".\"customers\" TO \"IAMR:customers-loader\"");
        assertThat(batch.sqls()).noneMatch(s -> s.contains("CREATE USER \"IAMR:orders-loader\""));
        assertThat(out.get("PhysicalResourceId")).isEqualTo("warehouse-bootstrap-analytics-dev");
    }
}
