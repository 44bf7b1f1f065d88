package com.warehouseplatform.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table a COPY loads into, and the columns it fills, read from the catalog. */
record TargetTable(String name, long oid, List<Column> columns) {

  /** A column with its SQL type, whether it holds text, and its length limit in bytes. */
  record Column(String name, String type, boolean text, int maxBytes, boolean notNull) {
    String quotedName() {
      return LocalPostgres.quoteIdentifier(name);
    }
  }

  private static final String COLUMNS = "SELECT a.attname, format_type(a.atttypid, a.atttypmod),"
      + " t.typcategory = 'S', CASE WHEN t.typname IN ('varchar', 'bpchar') AND a.atttypmod > 4"
      + " THEN a.atttypmod - 4 ELSE -1 END, a.attnotnull, c.oid"
      + " FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid"
      + " JOIN pg_class c ON c.oid = a.attrelid"
      + " WHERE a.attrelid = CAST(CAST(? AS text) AS regclass)"
      + " AND a.attnum > 0 AND NOT a.attisdropped"
      + " ORDER BY a.attnum";

  /**
   * Reads the table's columns on the COPY's own connection (so temporary tables resolve), in
   * table order or in the order of {@code wanted} when a column list was given.
   */
  static TargetTable describe(Connection connection, String table, List<String> wanted)
      throws SQLException, CopyException {
    Map<String, Column> byName = new LinkedHashMap<>();
    long oid = 0;
    try (PreparedStatement query = connection.prepareStatement(COLUMNS)) {
      query.setString(1, table);
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          Column column = new Column(rs.getString(1), rs.getString(2), rs.getBoolean(3),
              rs.getInt(4), rs.getBoolean(5));
          byName.put(column.name(), column);
          oid = rs.getLong(6);
        }
      }
    }
    if (wanted.isEmpty()) {
      return new TargetTable(table, oid, List.copyOf(byName.values()));
    }
    List<Column> columns = new ArrayList<>();
    for (String name : wanted) {
      Column column = byName.get(name);
      if (column == null) {
        throw new CopyException("column \"" + name + "\" of relation \"" + table
            + "\" does not exist");
      }
      columns.add(column);
    }
    return new TargetTable(table, oid, List.copyOf(columns));
  }
}
