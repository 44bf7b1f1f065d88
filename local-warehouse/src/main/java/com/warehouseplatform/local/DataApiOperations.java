package com.warehouseplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Redshift Data API operations, JSON in and JSON out, with the field names of the service
 * model (awsJson1_1). Validation problems are thrown as {@link DataApiException}.
 */
final class DataApiOperations {

    private static final int MAX_WAIT_SECONDS = 30;

    private final ObjectMapper mapper;
    private final StatementRegistry registry;
    private final StatementRunner runner;
    private final int resultPageRows;
    private final DatabaseUsers users;
    private final DataApiMetadata metadata;

    DataApiOperations(
            ObjectMapper mapper,
            StatementRegistry registry,
            StatementRunner runner,
            int resultPageRows,
            DatabaseUsers users) {
        this.users = users;
        this.mapper = mapper;
        this.registry = registry;
        this.runner = runner;
        this.resultPageRows = resultPageRows;
        this.metadata = new DataApiMetadata(mapper, users);
    }

    /** Runs an operation for the caller that signed with {@code accessKeyId} (may be null). */
    ObjectNode call(String operation, JsonNode request, String accessKeyId) throws InterruptedException {
        return switch (operation) {
            case "ExecuteStatement" -> submit(request, false, accessKeyId);
            case "BatchExecuteStatement" -> submit(request, true, accessKeyId);
            case "DescribeStatement" -> describe(request);
            case "GetStatementResult" -> result(request);
            case "CancelStatement" -> cancel(request);
            case "ListStatements" -> list(request);
            case "ListDatabases" -> metadata.listDatabases(requireTarget(request), accessKeyId);
            case "ListSchemas" -> metadata.listSchemas(requireTarget(request), accessKeyId);
            case "ListTables" -> metadata.listTables(requireTarget(request), accessKeyId);
            case "DescribeTable" -> metadata.describeTable(requireTarget(request), accessKeyId);
            default ->
                throw new DataApiException(
                        "UnknownOperationException",
                        "Operation " + operation + " is not supported by the local warehouse");
        };
    }

    private ObjectNode submit(JsonNode request, boolean batch, String accessKeyId) throws InterruptedException {
        List<String> sqls = new ArrayList<>();
        if (batch) {
            JsonNode list = request.get("Sqls");
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw DataApiException.validation("Sqls must contain at least one SQL statement");
            }
            list.forEach(sql -> sqls.add(sql.asText()));
        } else {
            sqls.add(text(request, "Sql"));
            if (sqls.get(0) == null) {
                throw DataApiException.validation("Sql is required");
            }
        }
        for (String sql : sqls) {
            if (sql.isBlank()) {
                throw DataApiException.validation("SQL statements must not be empty");
            }
        }
        for (String unsupported : List.of("SessionId", "SessionKeepAliveSeconds")) {
            if (request.hasNonNull(unsupported)) {
                throw DataApiException.validation(
                        unsupported + " (sessions) is not supported by the" + " local warehouse");
            }
        }
        String format = text(request, "ResultFormat");
        if (format != null && !format.equals("JSON")) {
            throw DataApiException.validation(
                    "ResultFormat " + format + " is not supported by the local warehouse (only JSON is)");
        }
        requireTarget(request);
        String cluster = text(request, "ClusterIdentifier");
        String workgroup = text(request, "WorkgroupName");
        String database = text(request, "Database");
        Map<String, String> parameters = parameters(request);
        for (String sql : sqls) {
            try {
                SqlParameters.bind(sql, parameters);
            } catch (IllegalArgumentException e) {
                throw DataApiException.validation(e.getMessage());
            }
        }
        String clientToken = text(request, "ClientToken");
        String dbUser = text(request, "DbUser");
        String secretArn = text(request, "SecretArn");
        DataApiStatement.Target target = new DataApiStatement.Target(
                database, cluster, workgroup, dbUser, users.resolve(accessKeyId, secretArn, dbUser));
        StatementRegistry.Registered registered = registry.register(
                clientToken,
                () -> new DataApiStatement(
                        UUID.randomUUID().toString(),
                        batch,
                        sqls,
                        target,
                        text(request, "StatementName"),
                        clientToken,
                        request.path("WithEvent").asBoolean(false),
                        parameters,
                        Instant.now()));
        DataApiStatement statement = registered.statement();
        if (registered.isNew()) {
            runner.submit(statement);
        }
        awaitIfAsked(request, statement);
        ObjectNode response = mapper.createObjectNode();
        synchronized (statement) {
            response.put("Id", statement.id);
            timestamp(response, "CreatedAt", statement.createdAt);
            putTarget(response, statement);
            response.put("Status", statement.status.name());
        }
        return response;
    }

    private ObjectNode describe(JsonNode request) throws InterruptedException {
        String id = requiredId(request);
        DataApiStatement statement = find(id);
        awaitIfAsked(request, statement);
        ObjectNode response = mapper.createObjectNode();
        synchronized (statement) {
            SubStatement sub = statement.batch ? statement.subStatement(id) : null;
            response.put("Id", id);
            putTarget(response, statement);
            timestamp(response, "CreatedAt", statement.createdAt);
            response.put("RedshiftPid", statement.redshiftPid);
            if (!statement.parameters.isEmpty()) {
                response.set("QueryParameters", parameterArray(statement.parameters));
            }
            response.put("ResultFormat", "JSON");
            if (statement.batch && sub == null) {
                response.put("Status", statement.status.name());
                timestamp(response, "UpdatedAt", statement.updatedAt);
                response.put("Duration", statement.durationNanos);
                putIfNotNull(response, "Error", statement.error);
                response.put("HasResultSet", statement.subStatements.stream().anyMatch(SubStatement::hasResultSet));
                response.put("RedshiftQueryId", 0);
                response.put("ResultRows", -1);
                response.put("ResultSize", -1);
                response.put("QueryString", String.join(";\n", statement.sqls()));
                ArrayNode subs = response.putArray("SubStatements");
                for (SubStatement each : statement.subStatements) {
                    ObjectNode node = subs.addObject();
                    node.put("Id", each.id);
                    putSub(node, each);
                }
            } else {
                SubStatement only = sub != null ? sub : statement.subStatements.get(0);
                putSub(response, only);
                if (sub == null) {
                    response.put("Status", statement.status.name());
                    putIfNotNull(response, "Error", statement.error);
                    response.put("Duration", statement.durationNanos);
                    timestamp(response, "UpdatedAt", statement.updatedAt);
                }
            }
        }
        return response;
    }

    private static void putSub(ObjectNode node, SubStatement sub) {
        node.put("Status", sub.status.name());
        node.put("QueryString", sub.sql);
        timestamp(node, "CreatedAt", sub.createdAt);
        timestamp(node, "UpdatedAt", sub.updatedAt);
        node.put("Duration", sub.durationNanos);
        node.put("RedshiftQueryId", sub.redshiftQueryId);
        node.put("HasResultSet", sub.hasResultSet());
        node.put("ResultRows", sub.resultRows);
        node.put("ResultSize", sub.resultSize);
        putIfNotNull(node, "Error", sub.error);
    }

    private ObjectNode result(JsonNode request) throws InterruptedException {
        String id = requiredId(request);
        DataApiStatement statement = find(id);
        awaitIfAsked(request, statement);
        QueryResult result;
        synchronized (statement) {
            SubStatement sub = statement.batch ? statement.subStatement(id) : statement.subStatements.get(0);
            if (sub == null) {
                throw DataApiException.validation("Id " + id + " is a batch: give the id of one of its"
                        + " statements (" + id + ":1, " + id + ":2, ...)");
            }
            if (sub.status != StatementStatus.FINISHED || sub.result == null) {
                throw DataApiException.notFound(
                        "Query does not have result. Please check query status" + " with DescribeStatement.", id);
            }
            result = sub.result;
        }
        int offset = 0;
        String nextToken = text(request, "NextToken");
        if (nextToken != null) {
            try {
                offset = Integer.parseInt(nextToken);
            } catch (NumberFormatException e) {
                throw DataApiException.validation("NextToken is not valid");
            }
        }
        ObjectNode response = mapper.createObjectNode();
        ArrayNode columns = response.putArray("ColumnMetadata");
        for (QueryResult.Column column : result.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", column.name());
            node.put("label", column.label());
            node.put("typeName", column.typeName());
            node.put("schemaName", column.schemaName());
            node.put("tableName", column.tableName());
            node.put("nullable", column.nullable());
            node.put("precision", column.precision());
            node.put("scale", column.scale());
            node.put("length", column.length());
            node.put("isSigned", column.signed());
            node.put("isCaseSensitive", column.caseSensitive());
            node.put("isCurrency", column.currency());
        }
        ArrayNode records = response.putArray("Records");
        int end = Math.min(result.rows().size(), offset + resultPageRows);
        for (int r = offset; r < end; r++) {
            ArrayNode record = records.addArray();
            for (Object value : result.rows().get(r)) {
                ObjectNode field = record.addObject();
                if (value == null) {
                    field.put("isNull", true);
                } else if (value instanceof Long l) {
                    field.put("longValue", l);
                } else if (value instanceof Double d) {
                    field.put("doubleValue", d);
                } else if (value instanceof Boolean b) {
                    field.put("booleanValue", b);
                } else {
                    field.put("stringValue", value.toString());
                }
            }
        }
        response.put("TotalNumRows", result.rows().size());
        if (end < result.rows().size()) {
            response.put("NextToken", String.valueOf(end));
        }
        return response;
    }

    private ObjectNode cancel(JsonNode request) {
        String id = requiredId(request);
        DataApiStatement statement = find(id);
        if (!statement.requestCancel()) {
            throw DataApiException.validation(
                    "Could not cancel a query that is already in " + statement.status() + " state.");
        }
        ObjectNode response = mapper.createObjectNode();
        response.put("Status", true);
        return response;
    }

    private ObjectNode list(JsonNode request) {
        String name = text(request, "StatementName");
        String status = text(request, "Status");
        String database = text(request, "Database");
        String cluster = text(request, "ClusterIdentifier");
        String workgroup = text(request, "WorkgroupName");
        int max = request.path("MaxResults").asInt(100);
        if (max < 0 || max > 100) {
            throw DataApiException.validation("MaxResults must be between 0 and 100");
        }
        max = max == 0 ? 100 : max;
        int offset = 0;
        if (text(request, "NextToken") != null) {
            try {
                offset = Integer.parseInt(text(request, "NextToken"));
            } catch (NumberFormatException e) {
                throw DataApiException.validation("NextToken is not valid");
            }
        }
        List<ObjectNode> matching = new ArrayList<>();
        for (DataApiStatement statement : registry.newestFirst()) {
            synchronized (statement) {
                if ((name != null && (statement.statementName == null || !statement.statementName.startsWith(name)))
                        || (status != null && !status.equals("ALL") && !status.equals(statement.status.name()))
                        || (database != null && !database.equals(statement.target.database()))
                        || (cluster != null && !cluster.equals(statement.target.clusterIdentifier()))
                        || (workgroup != null && !workgroup.equals(statement.target.workgroupName()))) {
                    continue;
                }
                ObjectNode node = mapper.createObjectNode();
                node.put("Id", statement.id);
                node.put("Status", statement.status.name());
                putIfNotNull(node, "StatementName", statement.statementName);
                timestamp(node, "CreatedAt", statement.createdAt);
                timestamp(node, "UpdatedAt", statement.updatedAt);
                node.put("IsBatchStatement", statement.batch);
                node.put("ResultFormat", "JSON");
                if (statement.batch) {
                    ArrayNode strings = node.putArray("QueryStrings");
                    statement.sqls().forEach(strings::add);
                } else {
                    node.put("QueryString", statement.subStatements.get(0).sql);
                }
                if (!statement.parameters.isEmpty()) {
                    node.set("QueryParameters", parameterArray(statement.parameters));
                }
                matching.add(node);
            }
        }
        ObjectNode response = mapper.createObjectNode();
        ArrayNode statements = response.putArray("Statements");
        int end = Math.min(matching.size(), offset + max);
        for (int i = offset; i < end; i++) {
            statements.add(matching.get(i));
        }
        if (end < matching.size()) {
            response.put("NextToken", String.valueOf(end));
        }
        return response;
    }

    /**
     * The rules every operation that connects shares (ExecuteStatement, BatchExecuteStatement and
     * the metadata operations): one of cluster and workgroup, a database, at most one of DbUser
     * and SecretArn. Returns the request.
     */
    private static JsonNode requireTarget(JsonNode request) {
        if ((text(request, "ClusterIdentifier") == null) == (text(request, "WorkgroupName") == null)) {
            throw DataApiException.validation("Exactly one of ClusterIdentifier and WorkgroupName must be given");
        }
        if (text(request, "Database") == null) {
            throw DataApiException.validation("Database is required");
        }
        if (text(request, "DbUser") != null && text(request, "SecretArn") != null) {
            throw DataApiException.validation("Only one of DbUser and SecretArn may be given");
        }
        return request;
    }

    private void awaitIfAsked(JsonNode request, DataApiStatement statement) throws InterruptedException {
        int seconds = request.path("WaitTimeSeconds").asInt(0);
        if (seconds > 0) {
            statement.awaitEnd(Duration.ofSeconds(Math.min(seconds, MAX_WAIT_SECONDS)));
        }
    }

    private DataApiStatement find(String id) {
        DataApiStatement statement = registry.find(id);
        if (statement == null
                || (id.lastIndexOf(':') > 0 && !id.equals(statement.id) && statement.subStatement(id) == null)) {
            throw DataApiException.notFound("Query does not exist.", id);
        }
        return statement;
    }

    private static String requiredId(JsonNode request) {
        String id = text(request, "Id");
        if (id == null || id.isBlank()) {
            throw DataApiException.validation("Id is required");
        }
        return id;
    }

    private static Map<String, String> parameters(JsonNode request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        JsonNode list = request.get("Parameters");
        if (list == null || list.isNull()) {
            return parameters;
        }
        if (!list.isArray()) {
            throw DataApiException.validation("Parameters must be a list");
        }
        for (JsonNode parameter : list) {
            String name = text(parameter, "name");
            String value = text(parameter, "value");
            if (name == null || value == null) {
                throw DataApiException.validation("Each parameter needs a name and a value");
            }
            if (parameters.put(name, value) != null) {
                throw DataApiException.validation("Parameter " + name + " is given more than once");
            }
        }
        return parameters;
    }

    private ArrayNode parameterArray(Map<String, String> parameters) {
        ArrayNode array = mapper.createArrayNode();
        parameters.forEach((name, value) -> array.addObject().put("name", name).put("value", value));
        return array;
    }

    private static void putTarget(ObjectNode node, DataApiStatement statement) {
        putIfNotNull(node, "ClusterIdentifier", statement.target.clusterIdentifier());
        putIfNotNull(node, "WorkgroupName", statement.target.workgroupName());
        node.put("Database", statement.target.database());
        putIfNotNull(node, "DbUser", statement.target.dbUser());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static void putIfNotNull(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    /** awsJson timestamps are epoch seconds, here with milliseconds. */
    private static void timestamp(ObjectNode node, String field, Instant instant) {
        if (instant != null) {
            node.put(field, BigDecimal.valueOf(instant.toEpochMilli(), 3));
        }
    }

    static String normalizeOperation(String target) {
        return target == null ? "" : target.substring(target.indexOf('.') + 1).trim();
    }

    static boolean isSubmit(String operation) {
        return operation.toLowerCase(Locale.ROOT).contains("executestatement");
    }
}
