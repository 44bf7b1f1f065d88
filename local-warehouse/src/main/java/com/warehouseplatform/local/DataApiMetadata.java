package com.warehouseplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Data API's metadata operations (Data API Reference: API_ListDatabases, API_ListSchemas,
 * API_ListTables, API_DescribeTable): synchronous, answered from the catalog on a connection as
 * the caller's database user, so a user sees the schemas and tables its grants let it see.
 *
 * <p>Visibility follows SHOW TABLES (r_SHOW_TABLES, "Required permissions"): a table is listed
 * and described to a superuser, to its owner, or to a user with USAGE on its schema and SELECT
 * on the table or on any of its columns; a schema is listed to its owner or a user with USAGE.
 * The schemas the local warehouse keeps for itself ({@code local_warehouse}, and {@code sys}
 * where its stand-ins for Redshift's system views live) are never listed: Redshift has neither.
 */
final class DataApiMetadata {

    /** PageSize of the service model: 0 to 1000, 0 meaning the default. */
    private static final int MAX_PAGE = 1000;

    /** Schemas of this PostgreSQL that Redshift does not have, kept out of every listing. */
    private static final String HIDDEN_SCHEMAS = "n.nspname NOT IN ('local_warehouse', 'sys')"
            + " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'";

    private static final String VISIBLE_TABLE = "(pg_has_role(c.relowner, 'USAGE')"
            + " OR (has_schema_privilege(n.oid, 'USAGE') AND (has_table_privilege(c.oid, 'SELECT')"
            + " OR has_any_column_privilege(c.oid, 'SELECT'))))";

    /** isSigned and isCaseSensitive of ColumnMetadata, by type name. */
    private static final Set<String> SIGNED = Set.of("int2", "int4", "int8", "numeric", "float4", "float8");

    private static final Set<String> CASE_SENSITIVE = Set.of("varchar", "bpchar", "text", "char", "name");

    private final ObjectMapper mapper;
    private final DatabaseUsers users;

    DataApiMetadata(ObjectMapper mapper, DatabaseUsers users) {
        this.mapper = mapper;
        this.users = users;
    }

    /** API_ListDatabases: the databases of the cluster, but PostgreSQL's templates and its own. */
    ObjectNode listDatabases(JsonNode request, String accessKeyId) {
        Page page = Page.of(request);
        List<String> names = query(
                request,
                accessKeyId,
                request.get("Database").asText(),
                connection -> strings(
                        connection,
                        "SELECT datname FROM pg_database WHERE NOT datistemplate"
                                + " AND (datname <> 'postgres' OR datname = current_database()) ORDER BY datname"));
        ObjectNode response = mapper.createObjectNode();
        page.write(response, response.putArray("Databases"), names, (array, name) -> array.add(name));
        return response;
    }

    /** API_ListSchemas: SchemaPattern is a LIKE pattern ('%' any substring, '_' one character). */
    ObjectNode listSchemas(JsonNode request, String accessKeyId) {
        Page page = Page.of(request);
        String pattern = patternOrAll(request, "SchemaPattern");
        List<String> names = query(
                request,
                accessKeyId,
                connectedDatabase(request),
                connection -> strings(
                        connection,
                        "SELECT n.nspname FROM pg_namespace n WHERE "
                                + HIDDEN_SCHEMAS + " AND n.nspname LIKE ? AND (pg_has_role(n.nspowner, 'USAGE')"
                                + " OR has_schema_privilege(n.oid, 'USAGE')) ORDER BY n.nspname",
                        pattern));
        ObjectNode response = mapper.createObjectNode();
        page.write(response, response.putArray("Schemas"), names, (array, name) -> array.add(name));
        return response;
    }

    /** API_ListTables: tables and views whose schema and name match the LIKE patterns. */
    ObjectNode listTables(JsonNode request, String accessKeyId) {
        Page page = Page.of(request);
        String schemaPattern = patternOrAll(request, "SchemaPattern");
        String tablePattern = patternOrAll(request, "TablePattern");
        List<Table> tables = query(
                request,
                accessKeyId,
                connectedDatabase(request),
                connection -> tables(connection, schemaPattern, tablePattern));
        ObjectNode response = mapper.createObjectNode();
        page.write(
                response,
                response.putArray("Tables"),
                tables,
                (array, table) -> array.addObject()
                        .put("name", table.name())
                        .put("schema", table.schema())
                        .put("type", table.type()));
        return response;
    }

    /**
     * API_DescribeTable: the columns of the table {@code Schema.Table} (names, not patterns), in
     * column order; without Table, of every table of the schema, without Schema of every schema.
     */
    ObjectNode describeTable(JsonNode request, String accessKeyId) {
        Page page = Page.of(request);
        String schema = name(request, "Schema");
        String table = name(request, "Table");
        List<ObjectNode> columns = query(
                request, accessKeyId, connectedDatabase(request), connection -> columns(connection, schema, table));
        ObjectNode response = mapper.createObjectNode();
        if (table != null) {
            response.put("TableName", table);
        }
        page.write(response, response.putArray("ColumnList"), columns, ArrayNode::add);
        return response;
    }

    private List<Table> tables(Connection connection, String schemaPattern, String tablePattern) throws SQLException {
        List<Table> tables = new ArrayList<>();
        try (PreparedStatement statement =
                connection.prepareStatement("SELECT n.nspname, c.relname, c.relkind FROM pg_class c"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p', 'v', 'm') AND " + HIDDEN_SCHEMAS
                        + " AND n.nspname LIKE ? AND c.relname LIKE ? AND " + VISIBLE_TABLE
                        + " ORDER BY n.nspname, c.relname")) {
            statement.setString(1, schemaPattern);
            statement.setString(2, tablePattern);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    tables.add(new Table(rs.getString(1), rs.getString(2), type(rs.getString(1), rs.getString(3))));
                }
            }
        }
        return tables;
    }

    /**
     * The TableMember type (API_TableMember: TABLE, VIEW, SYSTEM TABLE, ...): the JDBC names the
     * Redshift and PostgreSQL drivers give, SYSTEM for the catalog schemas.
     */
    private static String type(String schema, String relkind) {
        boolean system = schema.equals("pg_catalog") || schema.equals("information_schema");
        return switch (relkind) {
            case "v" -> system ? "SYSTEM VIEW" : "VIEW";
            case "m" -> "MATERIALIZED VIEW";
            default -> system ? "SYSTEM TABLE" : "TABLE";
        };
    }

    /** ColumnMetadata of each column, from the JDBC driver's getColumns, visible tables only. */
    private List<ObjectNode> columns(Connection connection, String schema, String table) throws SQLException {
        DatabaseMetaData metaData = connection.getMetaData();
        String escape = metaData.getSearchStringEscape();
        String schemaPattern = schema == null ? "%" : exact(schema, escape);
        String tablePattern = table == null ? "%" : exact(table, escape);
        Set<String> visible = new HashSet<>();
        for (Table each : tables(connection, schemaPattern, tablePattern)) {
            visible.add(each.schema() + "." + each.name());
        }
        List<ObjectNode> columns = new ArrayList<>();
        try (ResultSet rs = metaData.getColumns(null, schemaPattern, tablePattern, "%")) {
            while (rs.next()) {
                String schemaName = rs.getString("TABLE_SCHEM");
                String tableName = rs.getString("TABLE_NAME");
                if (!visible.contains(schemaName + "." + tableName)) {
                    continue;
                }
                ObjectNode column = mapper.createObjectNode();
                column.put("name", rs.getString("COLUMN_NAME"));
                column.put("label", rs.getString("COLUMN_NAME"));
                column.put("typeName", rs.getString("TYPE_NAME"));
                column.put("schemaName", schemaName);
                column.put("tableName", tableName);
                column.put("length", rs.getInt("COLUMN_SIZE"));
                column.put("precision", rs.getInt("COLUMN_SIZE"));
                column.put("scale", rs.getInt("DECIMAL_DIGITS"));
                column.put("nullable", rs.getInt("NULLABLE"));
                String columnDefault = rs.getString("COLUMN_DEF");
                if (columnDefault != null) {
                    column.put("columnDefault", columnDefault);
                }
                String typeName = rs.getString("TYPE_NAME");
                column.put("isSigned", SIGNED.contains(typeName));
                column.put("isCaseSensitive", CASE_SENSITIVE.contains(typeName));
                column.put("isCurrency", false);
                columns.add(column);
            }
        }
        return columns;
    }

    private static String exact(String name, String escape) {
        return name.replace(escape, escape + escape).replace("_", escape + "_");
    }

    /**
     * Runs {@code work} on a connection as the caller's database user to {@code database}. A
     * database other than the warehouse's, or a user that cannot log in, is the service's
     * DatabaseConnectionException (the operations' error for a failed connection).
     */
    private <T> T query(JsonNode request, String accessKeyId, String database, Sql<T> work) {
        DataApiStatement.RunAs runAs = users.resolve(accessKeyId, text(request, "SecretArn"), text(request, "DbUser"));
        try (Connection connection = users.connect(runAs)) {
            for (String named : List.of(database, request.get("Database").asText())) {
                if (!named.equals(connection.getCatalog())) {
                    throw connectionFailed("FATAL: database \"" + named + "\" does not exist");
                }
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw connectionFailed(e.getMessage());
        }
    }

    private static DataApiException connectionFailed(String reason) {
        return new DataApiException(
                "DatabaseConnectionException", "Database connection failed: " + reason, 500, java.util.Map.of());
    }

    private static String connectedDatabase(JsonNode request) {
        String connected = text(request, "ConnectedDatabase");
        return connected != null ? connected : request.get("Database").asText();
    }

    private static String patternOrAll(JsonNode request, String field) {
        String pattern = text(request, field);
        return pattern == null ? "%" : pattern;
    }

    /** DescribeTable's Schema and Table are names: a '%' there is refused, not matched. */
    private static String name(JsonNode request, String field) {
        String name = text(request, field);
        if (name != null && name.contains("%")) {
            throw DataApiException.validation(field + " is a name, not a pattern: '" + name
                    + "' (DescribeTable takes the schema and table names; ListTables takes patterns)");
        }
        return name;
    }

    private static List<String> strings(Connection connection, String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @FunctionalInterface
    private interface Sql<T> {
        T run(Connection connection) throws SQLException;
    }

    private record Table(String schema, String name, String type) {}

    /** MaxResults and NextToken (an offset into the listing, as ListStatements' token here). */
    private record Page(int offset, int size) {

        static Page of(JsonNode request) {
            int size = request.path("MaxResults").asInt(0);
            if (size < 0 || size > MAX_PAGE) {
                throw DataApiException.validation("MaxResults must be between 0 and " + MAX_PAGE);
            }
            int offset = 0;
            String token = text(request, "NextToken");
            if (token != null) {
                try {
                    offset = Integer.parseInt(token);
                } catch (NumberFormatException e) {
                    offset = -1;
                }
                if (offset < 0) {
                    throw DataApiException.validation("NextToken is not valid");
                }
            }
            return new Page(offset, size == 0 ? MAX_PAGE : size);
        }

        <T> void write(
                ObjectNode response, ArrayNode array, List<T> all, java.util.function.BiConsumer<ArrayNode, T> add) {
            int end = Math.min(all.size(), offset + size);
            for (int i = Math.min(offset, end); i < end; i++) {
                add.accept(array, all.get(i));
            }
            if (end < all.size()) {
                response.put("NextToken", String.valueOf(end));
            }
        }
    }
}
