package com.warehouseplatform.loader;

import static com.warehouseplatform.loader.CustomResourceProperties.map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.warehouseplatform.loader.migrations.Migration;
import com.warehouseplatform.loader.migrations.MigrationRunner;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;

/**
 * CloudFormation custom resource (CDK Provider framework, onEvent) that applies the schema migrations of
 * {@code config/sql} to the warehouse with the admin secret, each in a transaction of its own.
 *
 * <p>ResourceProperties: {@code SecretArn}, {@code Database}, {@code ClusterIdentifier} or
 * {@code WorkgroupName}, and {@code Migrations}: a list of {@code {file, sql}}. Create and Update apply
 * what is pending; an edited applied migration fails the deploy naming the file. Delete does nothing:
 * the schema outlives the stack.
 */
public final class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final RedshiftDataClient client;
    private final Clock clock;
    private final Sleeper sleeper;

    public MigrationHandler() {
        this(LoaderHandler.Clients.redshiftData(), Clock.systemUTC(), Sleeper.system());
    }

    public MigrationHandler(RedshiftDataClient client, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        Map<String, Object> props = map(event.get("ResourceProperties"), "ResourceProperties");
        String where = props.get("ClusterIdentifier") != null
                ? String.valueOf(props.get("ClusterIdentifier"))
                : String.valueOf(props.get("WorkgroupName"));
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("PhysicalResourceId", "schema-migrations-" + where + "-" + props.get("Database"));
        if ("Delete".equals(type)) {
            response.put("Data", Map.of());
            return response;
        }
        Warehouse.Target target = CustomResourceProperties.target(props);
        Deadline deadline = context == null
                ? Deadline.in(clock, Duration.ofMinutes(10))
                : Deadline.fromRemaining(clock, context.getRemainingTimeInMillis());
        List<String> applied = new MigrationRunner(new Warehouse(client, target, sleeper), clock)
                .migrate(migrations(props.get("Migrations")), deadline);
        System.out.println("{\"message\":\"schema migrations applied\",\"applied\":" + applied.size() + "}");
        response.put("Data", Map.of("Applied", String.join(",", applied)));
        return response;
    }

    /**
     * Every file parsed and checked before any statement is sent: a refused file (too many statements, one too
     * long, one Redshift refuses in a transaction) fails the deploy naming it, with the problems of all files.
     */
    static List<Migration> migrations(Object value) {
        List<Migration> migrations = new ArrayList<>();
        if (value == null) {
            return migrations;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("Migrations must be a list of {file, sql}");
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Map<String, Object> m = map(list.get(i), "Migrations[" + i + "]");
            try {
                migrations.add(Migration.of(String.valueOf(m.get("file")), String.valueOf(m.get("sql"))));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "schema migrations refused, nothing applied:\n" + String.join("\n", problems));
        }
        return migrations;
    }
}
