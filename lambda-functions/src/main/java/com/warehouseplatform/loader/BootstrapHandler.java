package com.warehouseplatform.loader;

import static com.warehouseplatform.loader.CustomResourceProperties.map;
import static com.warehouseplatform.loader.CustomResourceProperties.required;
import static com.warehouseplatform.loader.CustomResourceProperties.text;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;

/**
 * CloudFormation custom resource (CDK Provider framework, onEvent) that prepares the warehouse
 * for the loaders with the admin secret: {@link BootstrapSql} run through the Data API, after reading
 * which loader users exist and who is in the loaders' user group.
 *
 * <p>ResourceProperties: {@code SecretArn}, {@code Database}, {@code ClusterIdentifier} or
 * {@code WorkgroupName}, {@code Loaders}: a list of {@code {loader, roleName, table, copyRoleArn, mode}}
 * (each loader's own COPY role), and {@code MigrationsChecksum}, which the handler
 * does not read: it changes with the migrations, so that CloudFormation sends an Update, and the grants
 * are given again, after each migration change (a migration may drop and recreate a loader's table), and
 * {@code LoadersGroup}, the loaders' user group, which must be {@link BootstrapSql#LOADERS_GROUP} (it is a
 * property so that adding it sent an Update to environments deployed before the group).
 * Create and Update run the idempotent SQL; Delete does nothing (the ledger outlives the stack).
 * Returns {@code {PhysicalResourceId, Data}}.
 */
public final class BootstrapHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final RedshiftDataClient client;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintStream out;

    public BootstrapHandler() {
        this(LoaderHandler.Clients.redshiftData(), Clock.systemUTC(), Sleeper.system());
    }

    public BootstrapHandler(RedshiftDataClient client, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = System.out;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        Map<String, Object> props = map(event.get("ResourceProperties"), "ResourceProperties");
        String physicalId = physicalId(props);
        Map<String, Object> response = new LinkedHashMap<>();
        if ("Delete".equals(type)) {
            Object existing = event.get("PhysicalResourceId");
            response.put("PhysicalResourceId", existing != null ? existing : physicalId);
            response.put("Data", Map.of());
            return response;
        }
        if (!"Create".equals(type) && !"Update".equals(type)) {
            throw new IllegalArgumentException("RequestType must be Create, Update or Delete, got " + type);
        }

        Object groupProperty = props.get("LoadersGroup");
        if (groupProperty != null && !BootstrapSql.LOADERS_GROUP.equals(groupProperty)) {
            // the name is the contract's, not a setting: a template from another version must not rename it silently
            throw new IllegalArgumentException(
                    "LoadersGroup must be " + BootstrapSql.LOADERS_GROUP + ", got " + groupProperty);
        }
        Warehouse.Target target = CustomResourceProperties.target(props);
        List<BootstrapSql.LoaderGrant> grants = grants(props.get("Loaders"));
        Deadline deadline = context == null
                ? Deadline.in(clock, Duration.ofMinutes(10))
                : Deadline.fromRemaining(clock, context.getRemainingTimeInMillis());
        Warehouse warehouse = new Warehouse(client, target, sleeper);

        List<String> users = BootstrapSql.users(grants);
        Set<String> existing = new HashSet<>();
        if (!users.isEmpty()) {
            for (List<String> row : warehouse.query(BootstrapSql.existingUsersQuery(users), deadline)) {
                if (row.get(0) != null) {
                    existing.add(row.get(0).strip());
                }
            }
        }
        BootstrapSql.GroupState group =
                BootstrapSql.GroupState.fromRows(warehouse.query(BootstrapSql.loadersGroupQuery(), deadline));
        List<String> sql = BootstrapSql.all(BootstrapSql.Dialect.REDSHIFT, target.database(), grants, existing, group);
        for (int from = 0; from < sql.size(); from += BatchSql.MAX_STATEMENTS) {
            List<String> chunk = sql.subList(from, Math.min(sql.size(), from + BatchSql.MAX_STATEMENTS));
            String id = warehouse.submitBatch(chunk, null, deadline);
            if (id == null) {
                throw new IllegalStateException("the Data API stayed busy: bootstrap not run");
            }
            DescribeStatementResponse d = warehouse.await(id, deadline);
            if (d == null || !"FINISHED".equals(d.statusAsString())) {
                throw new IllegalStateException("bootstrap statement " + id + " "
                        + (d == null ? "did not finish in time" : d.statusAsString() + ": " + d.error()));
            }
        }
        out.println(Json.write(Map.of(
                "message",
                "warehouse bootstrapped",
                "requestType",
                type,
                "statements",
                sql.size(),
                "createdUsers",
                users.stream().filter(u -> !existing.contains(u)).toList(),
                "group",
                BootstrapSql.LOADERS_GROUP,
                "addedToGroup",
                users.stream().filter(u -> !group.members().contains(u)).toList())));

        response.put("PhysicalResourceId", physicalId);
        response.put("Data", Map.of("Users", String.join(",", users)));
        return response;
    }

    /** Stable across updates, so that CloudFormation never replaces (and deletes) the resource. */
    static String physicalId(Map<String, Object> props) {
        String where = text(props, "ClusterIdentifier") != null
                ? text(props, "ClusterIdentifier")
                : String.valueOf(text(props, "WorkgroupName"));
        return "warehouse-bootstrap-" + where + "-" + text(props, "Database");
    }

    /** {@code Loaders}: each {@code {loader, roleName, table, copyRoleArn, mode}}. */
    static List<BootstrapSql.LoaderGrant> grants(Object loaders) {
        List<BootstrapSql.LoaderGrant> out = new ArrayList<>();
        if (loaders == null) {
            return out;
        }
        if (!(loaders instanceof List<?> list)) {
            throw new IllegalArgumentException(
                    "Loaders must be a list of {loader, roleName, table, copyRoleArn, mode}");
        }
        for (Object item : list) {
            Map<String, Object> m = map(item, "Loaders[" + out.size() + "]");
            out.add(BootstrapSql.LoaderGrant.of(
                    required(m, "loader"),
                    required(m, "roleName"),
                    required(m, "table"),
                    required(m, "copyRoleArn"),
                    required(m, "mode")));
        }
        return out;
    }
}
