package com.warehouseplatform.loader;

import static com.warehouseplatform.loader.CustomResourceProperties.map;
import static com.warehouseplatform.loader.CustomResourceProperties.required;
import static com.warehouseplatform.loader.CustomResourceProperties.text;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.warehouseplatform.loader.AccessPlan.Access;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.redshiftdata.RedshiftDataClient;
import software.amazon.awssdk.services.redshiftdata.model.DescribeStatementResponse;

/**
 * CloudFormation custom resource (CDK Provider framework, onEvent) that makes the warehouse's roles,
 * grants and users match the environment's {@code access}, with the admin secret, through the Data
 * API: reads what the managed roles and users hold ({@link AccessState}), plans ({@link AccessPlan}),
 * runs the plan as one batch (one transaction) per {@link BatchSql#MAX_STATEMENTS} statements.
 *
 * <p>ResourceProperties: what {@code DeployTimeSqlFunction.target} gives ({@code SecretArn},
 * {@code Database}, {@code ClusterIdentifier} or {@code WorkgroupName}), {@code Roles}
 * ({@code [{name, read, write, signInUser?}]}), {@code Users} ({@code [{name, roles, secretArn}]}),
 * {@code TableOwners} and {@code MigrationsChecksum} (not read: it changes with the migrations, so that
 * CloudFormation sends an Update and tables that a migration recreated are granted again). Managed are
 * the roles and users of ResourceProperties and of OldResourceProperties; Delete revokes and drops
 * all the previous deploy managed. The plan's texts are never logged (a CREATE USER holds a verifier).
 */
public final class AccessHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** A verifier as it might appear in an error message. */
    private static final Pattern VERIFIER = Pattern.compile("sha256\\|[^'\\s]*");

    private final RedshiftDataClient client;
    private final SecretReader secrets;
    private final Clock clock;
    private final Sleeper sleeper;
    private final PrintStream out;

    public AccessHandler() {
        this(
                LoaderHandler.Clients.redshiftData(),
                SecretReader.of(LoaderHandler.Clients.secretsManager()),
                Clock.systemUTC(),
                Sleeper.system());
    }

    public AccessHandler(RedshiftDataClient client, SecretReader secrets, Clock clock, Sleeper sleeper) {
        this.client = client;
        this.secrets = secrets;
        this.clock = clock;
        this.sleeper = sleeper;
        this.out = System.out;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String type = String.valueOf(event.get("RequestType"));
        Map<String, Object> props = map(event.get("ResourceProperties"), "ResourceProperties");
        Access wanted;
        Access previous;
        switch (type) {
            case "Create" -> {
                wanted = access(props);
                previous = Access.NONE;
            }
            case "Update" -> {
                wanted = access(props);
                previous = event.get("OldResourceProperties") == null
                        ? Access.NONE
                        : access(map(event.get("OldResourceProperties"), "OldResourceProperties"));
            }
            case "Delete" -> {
                wanted = new Access(List.of(), List.of(), access(props).tableOwners());
                previous = access(props);
            }
            default -> throw new IllegalArgumentException("RequestType must be Create, Update or Delete, got " + type);
        }
        Deadline deadline = context == null
                ? Deadline.in(clock, Duration.ofMinutes(10))
                : Deadline.fromRemaining(clock, context.getRemainingTimeInMillis());
        Warehouse warehouse = new Warehouse(client, CustomResourceProperties.target(props), sleeper);

        List<AccessStatement> plan = apply(warehouse, wanted, previous, deadline);
        out.println(Json.write(Map.of(
                "message",
                "warehouse access applied",
                "requestType",
                type,
                "statements",
                plan.size(),
                "changes",
                plan.stream().map(AccessStatement::toString).toList())));

        Map<String, Object> response = new LinkedHashMap<>();
        Object existing = event.get("PhysicalResourceId");
        response.put("PhysicalResourceId", existing != null ? existing : physicalId(props));
        response.put(
                "Data",
                Map.of(
                        "Roles", String.join(",", wanted.roleNames()),
                        "Users", String.join(",", wanted.userNames()),
                        "Statements", String.valueOf(plan.size())));
        return response;
    }

    /** Reads the state, plans, runs the plan; returns what it ran. */
    List<AccessStatement> apply(Warehouse warehouse, Access wanted, Access previous, Deadline deadline) {
        Set<String> roles = new LinkedHashSet<>(wanted.roleNames());
        roles.addAll(previous.roleNames());
        Set<String> users = new LinkedHashSet<>(wanted.userNames());
        users.addAll(previous.userNames());
        Set<String> schemas = new LinkedHashSet<>();
        wanted.roles().forEach(r -> schemas.addAll(r.read()));
        AccessState.Queries q = AccessState.queries(roles, users, schemas);
        List<List<List<String>>> rows = new ArrayList<>();
        for (String sql : List.of(
                q.roles(),
                q.users(),
                q.userRoles(),
                q.schemaPrivileges(),
                q.relationPrivileges(),
                q.defaultPrivileges(),
                q.relations())) {
            rows.add(warehouse.query(sql, deadline));
        }
        AccessState now = AccessState.of(rows);
        List<AccessStatement> plan = AccessPlan.plan(
                wanted, previous, now, u -> PasswordVerifier.of(secrets.password(u.secretArn(), u.name())));
        for (int from = 0; from < plan.size(); from += BatchSql.MAX_STATEMENTS) {
            List<AccessStatement> chunk = plan.subList(from, Math.min(plan.size(), from + BatchSql.MAX_STATEMENTS));
            String id = warehouse.submitBatch(
                    chunk.stream().map(AccessStatement::text).toList(), null, deadline);
            if (id == null) {
                throw new IllegalStateException("the Data API stayed busy: access not applied");
            }
            DescribeStatementResponse d = warehouse.await(id, deadline);
            if (d == null || !"FINISHED".equals(d.statusAsString())) {
                throw new IllegalStateException("access statement " + id + " (" + chunk + ") "
                        + (d == null ? "did not finish in time" : d.statusAsString() + ": " + redact(d.error())));
            }
        }
        return plan;
    }

    /** An error message with anything that looks like a verifier taken out. */
    static String redact(String message) {
        return message == null ? null : VERIFIER.matcher(message).replaceAll("sha256|<redacted>");
    }

    /** Stable across updates, so that CloudFormation never replaces (and deletes) the resource. */
    static String physicalId(Map<String, Object> props) {
        String where = text(props, "ClusterIdentifier") != null
                ? text(props, "ClusterIdentifier")
                : String.valueOf(text(props, "WorkgroupName"));
        return "warehouse-access-" + where + "-" + text(props, "Database");
    }

    /** The access of one set of properties: {@code Roles}, {@code Users}, {@code TableOwners}. */
    static Access access(Map<String, Object> props) {
        List<AccessPlan.Role> roles = new ArrayList<>();
        for (Map<String, Object> m : objects(props.get("Roles"), "Roles")) {
            roles.add(new AccessPlan.Role(
                    required(m, "name"),
                    strings(m.get("read"), "Roles[" + roles.size() + "].read"),
                    strings(m.get("write"), "Roles[" + roles.size() + "].write"),
                    text(m, "signInUser")));
        }
        List<AccessPlan.User> users = new ArrayList<>();
        for (Map<String, Object> m : objects(props.get("Users"), "Users")) {
            users.add(new AccessPlan.User(
                    required(m, "name"),
                    strings(m.get("roles"), "Users[" + users.size() + "].roles"),
                    required(m, "secretArn")));
        }
        return new Access(roles, users, strings(props.get("TableOwners"), "TableOwners"));
    }

    private static List<Map<String, Object>> objects(Object value, String what) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " must be a list");
        }
        for (Object item : list) {
            out.add(map(item, what + "[" + out.size() + "]"));
        }
        return out;
    }

    private static List<String> strings(Object value, String what) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(what + " must be a list of names");
        }
        for (Object item : list) {
            out.add(String.valueOf(item));
        }
        return out;
    }
}
