package com.warehouseplatform.config;

import com.warehouseplatform.contract.SqlStatements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables the migrations of {@code config/sql} create, with their columns, read from the statements in
 * version order: {@code CREATE TABLE} (its column list, or the columns of the table it is {@code LIKE}),
 * {@code ALTER TABLE ... ADD [COLUMN]}, {@code ALTER TABLE ... DROP [COLUMN]}, {@code ALTER TABLE ... RENAME TO}
 * and {@code DROP TABLE}. Names are folded to lower case as Redshift folds them (quoted names too, its default
 * without {@code enable_case_sensitive_identifier}); a name without a schema is in {@code public}, the first
 * schema of Redshift's default search path. A {@code CREATE TABLE ... AS} table is known, its columns are not.
 * The schemas they create are those of {@code CREATE SCHEMA} (until a {@code DROP SCHEMA}) and those that hold a
 * table.
 */
public final class MigratedTables {

    /** A table: the file that created it and its columns in order; {@code columns} is null when unknown (CTAS). */
    public record Table(String name, String createdBy, List<String> columns) {}

    private static final String NAME = "((?:\"[^\"]+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"[^\"]+\"|[\\w$]+))?)";
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern CREATE = Pattern.compile(
            "CREATE\\s+(?:(?:LOCAL\\s+)?(?:TEMP|TEMPORARY)\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?" + NAME
                    + "\\s*(.*)",
            FLAGS);
    private static final Pattern LIKE = Pattern.compile("\\(\\s*LIKE\\s+" + NAME + ".*", FLAGS);
    private static final Pattern ALTER =
            Pattern.compile("ALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?" + NAME + "\\s+(.*)", FLAGS);
    private static final Pattern ADD_COLUMN =
            Pattern.compile("ADD\\s+(?:COLUMN\\s+)?(?:IF\\s+NOT\\s+EXISTS\\s+)?" + "(\"[^\"]+\"|[\\w$]+)\\s+.*", FLAGS);
    private static final Pattern DROP_COLUMN =
            Pattern.compile("DROP\\s+(?:COLUMN\\s+)?(?:IF\\s+EXISTS\\s+)?" + "(\"[^\"]+\"|[\\w$]+)(\\s+.*)?", FLAGS);
    private static final Pattern RENAME_TABLE = Pattern.compile("RENAME\\s+TO\\s+(\"[^\"]+\"|[\\w$]+)\\s*", FLAGS);
    private static final Pattern DROP = Pattern.compile("DROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(.*)", FLAGS);
    private static final Pattern CREATE_SCHEMA =
            Pattern.compile("CREATE\\s+SCHEMA\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|[\\w$]+)(\\s+.*)?", FLAGS);
    private static final Pattern DROP_SCHEMA = Pattern.compile("DROP\\s+SCHEMA\\s+(?:IF\\s+EXISTS\\s+)?(.*)", FLAGS);
    private static final List<String> CONSTRAINTS =
            List.of("primary", "unique", "foreign", "constraint", "check", "distkey", "sortkey", "like");

    private final Map<String, Table> tables;
    private final Set<String> schemas;
    private final String folder;

    private MigratedTables(Map<String, Table> tables, Set<String> schemas, String folder) {
        this.tables = tables;
        this.schemas = schemas;
        this.folder = folder;
    }

    /** The tables of {@code files} (in version order); {@code folder} names their folder in messages. */
    public static MigratedTables of(List<SchemaMigrationFiles.SqlFile> files, String folder) {
        Map<String, Table> tables = new TreeMap<>();
        Set<String> created = new TreeSet<>();
        for (SchemaMigrationFiles.SqlFile file : files) {
            for (String statement : SqlStatements.split(file.text())) {
                apply(tables, file.file(), statement); // comments are gone
                applySchema(created, tables, statement);
            }
        }
        Set<String> schemas = new TreeSet<>(created);
        tables.keySet().forEach(t -> schemas.add(t.substring(0, t.indexOf('.'))));
        return new MigratedTables(tables, Collections.unmodifiableSet(schemas), folder);
    }

    /** The schemas the migrations create or create a table in, in name order (lower case). */
    public Set<String> schemas() {
        return schemas;
    }

    private static void applySchema(Set<String> schemas, Map<String, Table> tables, String statement) {
        Matcher create = CREATE_SCHEMA.matcher(statement);
        if (create.matches()) {
            String name = identifier(create.group(1));
            if (name.equals("authorization") && create.group(2) != null) {
                // CREATE SCHEMA AUTHORIZATION user: the schema is named after the user (r_CREATE_SCHEMA)
                name = identifier(create.group(2).strip().split("\\s+", 2)[0]);
            }
            schemas.add(name);
            return;
        }
        Matcher drop = DROP_SCHEMA.matcher(statement);
        if (drop.matches()) {
            for (String name : drop.group(1)
                    .replaceAll("(?i)\\s+(CASCADE|RESTRICT)\\s*$", "")
                    .split(",")) {
                String schema = identifier(name.strip());
                schemas.remove(schema);
                // DROP SCHEMA ... CASCADE drops its tables too; without CASCADE it fails unless the schema is empty
                tables.keySet().removeIf(t -> t.startsWith(schema + "."));
            }
        }
    }

    /** The table named {@code schemaTable} (schema.table, lower case), or null when no migration creates it. */
    public Table table(String schemaTable) {
        return tables.get(schemaTable);
    }

    /** The folder of the migrations, as messages name it. */
    public String folder() {
        return folder;
    }

    /** The names of every table the migrations create, in name order. */
    public List<String> names() {
        return List.copyOf(tables.keySet());
    }

    private static void apply(Map<String, Table> tables, String file, String statement) {
        Matcher create = CREATE.matcher(statement);
        if (create.matches()) {
            String name = qualified(create.group(1));
            tables.put(name, new Table(name, file, columnsOf(tables, create.group(2))));
            return;
        }
        Matcher alter = ALTER.matcher(statement);
        if (alter.matches()) {
            Table table = tables.get(qualified(alter.group(1)));
            if (table != null) {
                alterTable(tables, table, alter.group(2).strip());
            }
            return;
        }
        Matcher drop = DROP.matcher(statement);
        if (drop.matches()) {
            for (String name : drop.group(1)
                    .replaceAll("(?i)\\s+(CASCADE|RESTRICT)\\s*$", "")
                    .split(",")) {
                tables.remove(qualified(name.strip()));
            }
        }
    }

    private static void alterTable(Map<String, Table> tables, Table table, String action) {
        Matcher rename = RENAME_TABLE.matcher(action);
        Matcher add = ADD_COLUMN.matcher(action);
        Matcher dropColumn = DROP_COLUMN.matcher(action);
        if (rename.matches()) {
            tables.remove(table.name());
            String name = table.name().substring(0, table.name().indexOf('.') + 1) + identifier(rename.group(1));
            tables.put(name, new Table(name, table.createdBy(), table.columns()));
        } else if (table.columns() == null) {
            return;
        } else if (add.matches() && !isConstraint(add.group(1))) {
            List<String> columns = new ArrayList<>(table.columns());
            columns.add(identifier(add.group(1)));
            tables.put(table.name(), new Table(table.name(), table.createdBy(), List.copyOf(columns)));
        } else if (dropColumn.matches() && !isConstraint(dropColumn.group(1))) {
            List<String> columns = new ArrayList<>(table.columns());
            columns.remove(identifier(dropColumn.group(1)));
            tables.put(table.name(), new Table(table.name(), table.createdBy(), List.copyOf(columns)));
        }
    }

    /** The columns of what follows a CREATE TABLE's name: a column list, {@code (LIKE other)}, or AS (unknown). */
    private static List<String> columnsOf(Map<String, Table> tables, String rest) {
        Matcher like = LIKE.matcher(rest);
        if (like.matches()) {
            Table other = tables.get(qualified(like.group(1)));
            return other == null ? null : other.columns();
        }
        if (!rest.startsWith("(")) {
            return null;
        }
        List<String> columns = new ArrayList<>();
        for (String definition : topLevelParts(rest)) {
            String first = definition.strip().split("\\s+", 2)[0];
            if (!first.isEmpty() && !isConstraint(first)) {
                columns.add(identifier(first));
            }
        }
        return List.copyOf(columns);
    }

    /** The comma-separated parts inside the first pair of parentheses, commas in nested parentheses kept. */
    private static List<String> topLevelParts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && depth-- == 0) {
                break;
            } else if (!quoted && c == ',' && depth == 0) {
                parts.add(part.toString());
                part.setLength(0);
                continue;
            }
            part.append(c);
        }
        parts.add(part.toString());
        return parts;
    }

    private static boolean isConstraint(String word) {
        return CONSTRAINTS.contains(word.toLowerCase(Locale.ROOT));
    }

    private static String qualified(String name) {
        String[] parts = name.split("\\s*\\.\\s*", 2);
        return parts.length == 1 ? "public." + identifier(parts[0]) : identifier(parts[0]) + "." + identifier(parts[1]);
    }

    private static String identifier(String name) {
        String unquoted = name.startsWith("\"") && name.endsWith("\"") ? name.substring(1, name.length() - 1) : name;
        return unquoted.toLowerCase(Locale.ROOT);
    }

    /** The tables, for messages. */
    String describe() {
        return tables.isEmpty() ? "they create no table" : "they create " + String.join(", ", tables.keySet());
    }
}
