package com.warehouseplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Runs a parsed {@link CopyCommand}: finds the data files (a manifest's entries or every key
 * under a prefix), reads them from the local S3 server, and inserts their rows on the
 * statement's connection, so the load is part of the statement's transaction. PostgreSQL
 * converts the values; a row it rejects is attributed to its file, line and column, counted
 * against MAXERROR and written to sys_load_error_detail.
 */
final class CopyLoader {

  private static final int BATCH_ROWS = 500;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * One data file to load; a missing mandatory file fails the COPY, another is skipped.
   * {@code contentLength} is the manifest's {@code meta.content_length}, -1 when not given.
   */
  record S3File(String bucket, String key, boolean mandatory, long contentLength) {
    String url() {
      return "s3://" + bucket + "/" + key;
    }
  }

  private final S3Client s3;
  private final LocalPostgres postgres;
  private final LoadErrorLog errorLog;

  CopyLoader(S3Client s3, LocalPostgres postgres) {
    this.s3 = s3;
    this.postgres = postgres;
    this.errorLog = new LoadErrorLog(postgres);
  }

  /**
   * Loads the files and returns the number of rows inserted. The rows go in on the statement's
   * connection, as its user: a table the user may not write fails as in Redshift.
   */
  long load(Connection connection, CopyCommand command, SubStatement sub, DataApiStatement owner)
      throws SQLException, CopyException, StatementCancelledException {
    Instant start = Instant.now();
    AssumeRoleGrants.check(connection, command.iamRole(), "COPY");
    TargetTable table = TargetTable.describe(connection, command.table(), command.columns());
    List<S3File> files = files(command);
    try (Load load = new Load(connection, table, command, owner)) {
      int found = 0;
      for (S3File file : files) {
        if (load.file(file)) {
          found++;
        }
        if (load.exceeded()) {
          break;
        }
      }
      if (found == 0 && !load.exceeded()) {
        // "Regardless of any mandatory settings, COPY will terminate if no files are found"
        // (loading-data-files-using-manifest)
        throw new CopyException("Manifest file " + command.fromUrl() + ": none of its "
            + files.size() + " entries was found");
      }
      if (!load.exceeded()) {
        load.flush();
      }
      if (!load.errors.isEmpty()) {
        errorLog.write(LoadErrorLog.Load.of(connection, sub, owner, table.oid(), start),
            load.errors);
      }
      if (load.exceeded()) {
        // a cluster points at STL, Serverless (which has no STL views) at SYS
        String view = owner.target.workgroupName() != null ? "sys_load_error_detail"
            : "stl_load_errors";
        throw new CopyException("Load into table '" + command.tableShortName() + "' failed."
            + " Check '" + view + "' system table for details.");
      }
      return load.loaded;
    }
  }

  private List<S3File> files(CopyCommand command) throws CopyException {
    try {
      return command.manifest() ? manifestEntries(command) : underPrefix(command);
    } catch (NoSuchBucketException e) {
      throw new CopyException("S3ServiceException: The specified bucket does not exist: "
          + command.bucket());
    } catch (SdkException e) {
      throw new CopyException("S3ServiceException: " + e.getMessage(), e);
    }
  }

  private List<S3File> underPrefix(CopyCommand command) throws CopyException {
    List<S3File> files = new ArrayList<>();
    for (S3Object object : s3.listObjectsV2Paginator(
        b -> b.bucket(command.bucket()).prefix(command.key())).contents()) {
      if (!object.key().endsWith("/")) {
        files.add(new S3File(command.bucket(), object.key(), true, -1));
      }
    }
    if (files.isEmpty()) {
      throw new CopyException("The specified S3 prefix '" + command.key() + "' does not exist");
    }
    return files;
  }

  /**
   * The manifest's entries, in order, in one pass: existence is learnt when each file is read
   * (one GET per file, no HEAD first), so a manifest of 10,000 files costs 10,000 requests.
   * {@code meta.content_length} is checked for form only: COPY of text formats needs only
   * {@code url} and {@code mandatory}; COPY from Parquet requires it (loading-data-files-using-
   * manifest), so there an entry without it fails the COPY and {@link ParquetRows} compares it
   * with the object's size.
   */
  private List<S3File> manifestEntries(CopyCommand command) throws CopyException {
    JsonNode manifest;
    try {
      byte[] bytes = s3.getObjectAsBytes(b -> b.bucket(command.bucket()).key(command.key()))
          .asByteArray();
      manifest = MAPPER.readTree(bytes);
    } catch (NoSuchKeyException e) {
      throw new CopyException("Problem reading manifest file - S3ServiceException: The specified"
          + " key does not exist: " + command.fromUrl());
    } catch (IOException e) {
      throw new CopyException("Manifest file " + command.fromUrl() + " is not valid JSON: "
          + e.getMessage());
    }
    JsonNode entries = manifest == null ? null : manifest.get("entries");
    if (entries == null || !entries.isArray()) {
      throw new CopyException("Manifest file " + command.fromUrl()
          + " has no \"entries\" array");
    }
    List<S3File> files = new ArrayList<>(entries.size());
    for (JsonNode entry : entries) {
      String url = entry.path("url").asText("");
      if (!url.startsWith("s3://") || url.indexOf('/', 5) < 0) {
        throw new CopyException("Manifest file " + command.fromUrl()
            + " has an entry without a valid s3:// url: " + entry);
      }
      JsonNode mandatory = entry.get("mandatory");
      if (mandatory != null && !mandatory.isBoolean()) {
        throw new CopyException("Manifest file " + command.fromUrl() + ": \"mandatory\" of "
            + url + " must be true or false");
      }
      JsonNode length = entry.path("meta").get("content_length");
      if (length != null && !(length.canConvertToLong() && length.asLong() >= 0)) {
        throw new CopyException("Manifest file " + command.fromUrl() + ": meta.content_length of "
            + url + " must be a number of bytes");
      }
      if (length == null && command.format() == CopyCommand.Format.PARQUET) {
        throw new CopyException(ParquetRows.missingContentLength(command.fromUrl(), url));
      }
      String path = url.substring(5);
      files.add(new S3File(path.substring(0, path.indexOf('/')),
          path.substring(path.indexOf('/') + 1), mandatory != null && mandatory.asBoolean(),
          length == null ? -1 : length.asLong()));
    }
    return files;
  }

  /** One COPY in progress: pending rows, counts and rejected rows. */
  private final class Load implements AutoCloseable {
    private final Connection connection;
    private final TargetTable table;
    private final CopyCommand command;
    private final DataApiStatement owner;
    private final PreparedStatement insert;
    private final List<Row> pending = new ArrayList<>();
    private final List<LoadError> errors = new ArrayList<>();
    private Connection probe;
    private long loaded;

    private record Row(S3File file, long line, String raw, String[] values) {}

    Load(Connection connection, TargetTable table, CopyCommand command, DataApiStatement owner)
        throws SQLException {
      this.connection = connection;
      this.table = table;
      this.command = command;
      this.owner = owner;
      StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.name()).append(" (");
      StringBuilder marks = new StringBuilder();
      for (TargetTable.Column column : table.columns()) {
        if (marks.length() > 0) {
          sql.append(", ");
          marks.append(", ");
        }
        sql.append(column.quotedName());
        marks.append('?');
      }
      sql.append(") VALUES (").append(marks).append(')');
      // Redshift checks the privilege when the COPY starts, whatever the files hold
      try (PreparedStatement check = connection.prepareStatement(
          "SELECT has_table_privilege(CAST(? AS oid), 'INSERT')")) {
        check.setLong(1, table.oid());
        try (var rs = check.executeQuery()) {
          if (rs.next() && !rs.getBoolean(1)) {
            throw new SQLException("permission denied for relation " + command.tableShortName(),
                "42501");
          }
        }
      }
      this.insert = connection.prepareStatement(sql.toString());
    }

    boolean exceeded() {
      return errors.size() > command.maxError();
    }

    /** Loads one file; false when it does not exist and is not mandatory. */
    boolean file(S3File file) throws CopyException, SQLException, StatementCancelledException {
      if (command.format() == CopyCommand.Format.PARQUET) {
        return parquet(file);
      }
      try (Reader reader = open(file)) {
        if (reader == null) {
          return false;
        }
        if (command.format() == CopyCommand.Format.JSON) {
          json(file, reader);
        } else {
          delimited(file, reader);
        }
        return true;
      } catch (IOException e) {
        throw new CopyException("Could not read " + file.url() + ": " + e.getMessage(), e);
      }
    }

    /** The rows of a Parquet file go through the same checks and inserts as text rows. */
    private boolean parquet(S3File file)
        throws CopyException, SQLException, StatementCancelledException {
      byte[] bytes;
      try (InputStream object = object(file)) {
        if (object == null) {
          return false;
        }
        bytes = object.readAllBytes();
      } catch (IOException e) {
        throw new CopyException("Could not read " + file.url() + ": " + e.getMessage(), e);
      }
      try (ParquetRows rows = ParquetRows.open(file, bytes, table.columns())) {
        for (String[] values = rows.next(); values != null; values = rows.next()) {
          owner.checkCancelled();
          if (check(file, rows.row(), "", values)) {
            add(new Row(file, rows.row(), "", values));
          }
          if (exceeded()) {
            break;
          }
        }
      }
      return true;
    }

    private Reader open(S3File file) throws CopyException, IOException {
      InputStream object = object(file);
      if (object == null) {
        return null;
      }
      InputStream data = object;
      if (command.gzip()) {
        try {
          data = new GZIPInputStream(object, 64 * 1024);
        } catch (IOException e) {
          object.close();
          throw new CopyException("gzip: " + file.url() + " is not in gzip format");
        }
      }
      return new InputStreamReader(data, StandardCharsets.UTF_8);
    }

    /** The object's content, or null when it does not exist and is not mandatory. */
    private InputStream object(S3File file) throws CopyException {
      ResponseInputStream<GetObjectResponse> object;
      try {
        object = s3.getObject(b -> b.bucket(file.bucket()).key(file.key()));
      } catch (NoSuchKeyException | NoSuchBucketException e) {
        if (!file.mandatory()) {
          return null;
        }
        throw new CopyException(command.manifest()
            ? "Manifest file " + command.fromUrl() + ": mandatory entry " + file.url()
                + " does not exist"
            : "S3ServiceException: The specified key does not exist: " + file.url());
      } catch (SdkException e) {
        throw new CopyException("S3ServiceException: " + e.getMessage(), e);
      }
      return object;
    }

    private void delimited(S3File file, Reader reader)
        throws IOException, SQLException, StatementCancelledException {
      CsvReader csv = new CsvReader(reader, command.delimiter(), command.quote());
      int skip = command.ignoreHeader();
      for (CsvReader.Record record = csv.next(); record != null; record = csv.next()) {
        owner.checkCancelled();
        if (skip > 0) {
          skip--;
          continue;
        }
        if (record.problem() != null) {
          reject(file, record.line(), record.raw(), null, 1214, record.problem(), "");
        } else {
          String[] values = fromFields(file, record);
          if (values != null) {
            add(new Row(file, record.line(), record.raw(), values));
          }
        }
        if (exceeded()) {
          return;
        }
      }
    }

    private String[] fromFields(S3File file, CsvReader.Record record) {
      List<TargetTable.Column> columns = table.columns();
      List<String> fields = record.fields();
      if (fields.size() < columns.size()) {
        reject(file, record.line(), record.raw(), columns.get(fields.size()), 1214,
            "Delimiter not found", "");
        return null;
      }
      if (fields.size() > columns.size()) {
        reject(file, record.line(), record.raw(), null, 1202, "Extra column(s) found",
            fields.get(columns.size()));
        return null;
      }
      String[] values = new String[columns.size()];
      for (int i = 0; i < values.length; i++) {
        String field = fields.get(i);
        boolean quoted = record.quoted().get(i);
        if (command.nullAs() != null && !quoted && field.equals(command.nullAs())) {
          values[i] = null;
        } else {
          values[i] = emptyRule(columns.get(i), field);
        }
      }
      return check(file, record.line(), record.raw(), values) ? values : null;
    }

    private void json(S3File file, Reader reader)
        throws IOException, SQLException, StatementCancelledException {
      try (JsonLinesReader json = new JsonLinesReader(reader)) {
        for (JsonLinesReader.Record record = json.next(); record != null; record = json.next()) {
          owner.checkCancelled();
          if (record.problem() != null) {
            reject(file, record.line(), "", null, 1216, record.problem(), "");
          } else {
            String[] values = fromObject(record.object());
            String raw = record.object().toString();
            if (check(file, record.line(), raw, values)) {
              add(new Row(file, record.line(), raw, values));
            }
          }
          if (exceeded()) {
            return;
          }
        }
      }
    }

    private String[] fromObject(JsonNode object) {
      List<TargetTable.Column> columns = table.columns();
      String[] values = new String[columns.size()];
      for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        for (int i = 0; i < values.length; i++) {
          String name = columns.get(i).name();
          boolean match = command.jsonIgnoreCase()
              ? name.toLowerCase(Locale.ROOT).equals(field.getKey().toLowerCase(Locale.ROOT))
              : name.equals(field.getKey());
          if (match) {
            JsonNode value = field.getValue();
            if (value.isNull()) {
              values[i] = null;
            } else if (value.isContainerNode()) {
              values[i] = value.toString();
            } else {
              values[i] = emptyRule(columns.get(i), value.asText());
            }
          }
        }
      }
      return values;
    }

    /** Empty text loads as NULL for non-text columns, and for text ones with EMPTYASNULL. */
    private String emptyRule(TargetTable.Column column, String value) {
      if (value.isEmpty() && (!column.text() || command.emptyAsNull())) {
        return null;
      }
      return value;
    }

    /** Checks what PostgreSQL would not: invalid UTF-8, byte lengths, NOT NULL. */
    private boolean check(S3File file, long line, String raw, String[] values) {
      List<TargetTable.Column> columns = table.columns();
      for (int i = 0; i < values.length; i++) {
        TargetTable.Column column = columns.get(i);
        String value = values[i];
        if (value == null) {
          if (column.notNull()) {
            reject(file, line, raw, column, 1213, "Missing data for not-null field", "");
            return false;
          }
          continue;
        }
        if (value.indexOf('\uFFFD') >= 0) {
          if (command.acceptInvChars() == null) {
            reject(file, line, raw, column, 1220,
                "String contains invalid or unsupported UTF8 codepoints", value);
            return false;
          }
          value = value.replace('\uFFFD', command.acceptInvChars());
          values[i] = value;
        }
        if (column.maxBytes() > 0
            && value.getBytes(StandardCharsets.UTF_8).length > column.maxBytes()) {
          reject(file, line, raw, column, 1204, "String length exceeds DDL length", value);
          return false;
        }
      }
      return true;
    }

    private void add(Row row) throws SQLException, StatementCancelledException {
      pending.add(row);
      if (pending.size() >= BATCH_ROWS) {
        flush();
      }
    }

    void flush() throws SQLException, StatementCancelledException {
      if (pending.isEmpty()) {
        return;
      }
      Savepoint savepoint = connection.setSavepoint();
      try {
        for (Row row : pending) {
          bind(row);
          insert.addBatch();
        }
        owner.track(insert);
        insert.executeBatch();
        connection.releaseSavepoint(savepoint);
        loaded += pending.size();
      } catch (SQLException batchFailure) {
        insert.clearBatch();
        connection.rollback(savepoint);
        if (owner.isCancelRequested()) {
          throw new StatementCancelledException();
        }
        if (notAboutData(batchFailure)) {
          throw batchFailure;
        }
        for (Row row : pending) {
          insertOne(row);
          if (exceeded()) {
            break;
          }
        }
      } finally {
        pending.clear();
      }
    }

    private void insertOne(Row row) throws SQLException, StatementCancelledException {
      Savepoint savepoint = connection.setSavepoint();
      try {
        bind(row);
        insert.executeUpdate();
        connection.releaseSavepoint(savepoint);
        loaded++;
      } catch (SQLException e) {
        connection.rollback(savepoint);
        if (owner.isCancelRequested()) {
          throw new StatementCancelledException();
        }
        if (notAboutData(e)) {
          throw e;
        }
        errors.add(diagnose(row, e));
      }
    }

    /** Access rule violations (class 42, e.g. a missing privilege) fail the COPY, not a row. */
    private boolean notAboutData(SQLException e) {
      return e.getSQLState() != null && e.getSQLState().startsWith("42");
    }

    private void bind(Row row) throws SQLException {
      for (int i = 0; i < row.values().length; i++) {
        if (row.values()[i] == null) {
          insert.setNull(i + 1, Types.OTHER);
        } else {
          insert.setObject(i + 1, row.values()[i], Types.OTHER);
        }
      }
    }

    /** Finds the column PostgreSQL rejected, by the error itself or by converting each value. */
    private LoadError diagnose(Row row, SQLException failure) throws SQLException {
      List<TargetTable.Column> columns = table.columns();
      String named = failure instanceof PSQLException p && p.getServerErrorMessage() != null
          ? p.getServerErrorMessage().getColumn() : null;
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(named)) {
          return error(row, columns.get(i), failure, row.values()[i]);
        }
      }
      for (int i = 0; i < columns.size(); i++) {
        String value = row.values()[i];
        if (value == null) {
          continue;
        }
        SQLException conversion = convert(columns.get(i), value);
        if (conversion != null) {
          return error(row, columns.get(i), conversion, value);
        }
      }
      return error(row, null, failure, "");
    }

    private SQLException convert(TargetTable.Column column, String value) throws SQLException {
      if (probe == null) {
        probe = postgres.connect();
        probe.setAutoCommit(true);
      }
      try (PreparedStatement cast =
          probe.prepareStatement("SELECT CAST(? AS " + column.type() + ")")) {
        cast.setString(1, value);
        cast.executeQuery().close();
        return null;
      } catch (SQLException e) {
        return e;
      }
    }

    private LoadError error(Row row, TargetTable.Column column, SQLException e, String value) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String type = column == null ? "" : column.type();
      int code = switch (state) {
        case "23502" -> 1213;
        case "22001" -> 1204;
        case "22P02" -> 1207;
        case "22007", "22008" -> type.startsWith("date") ? 1205 : 1206;
        default -> 1216;
      };
      ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
      String message = server != null && server.getMessage() != null ? server.getMessage()
          : e.getMessage();
      return loadError(row.file(), row.line(), row.raw(), column, code, message, value);
    }

    private void reject(S3File file, long line, String raw, TargetTable.Column column, int code,
        String message, String value) {
      errors.add(loadError(file, line, raw, column, code, message, value));
    }

    private LoadError loadError(S3File file, long line, String raw, TargetTable.Column column,
        int code, String message, String value) {
      return new LoadError(file.url(), line,
          column == null ? "" : column.name(),
          column == null ? "" : column.type(),
          column == null || column.maxBytes() < 0 ? "" : String.valueOf(column.maxBytes()),
          0, code, message, raw, value);
    }

    @Override
    public void close() throws SQLException {
      try {
        insert.close();
      } finally {
        if (probe != null) {
          probe.close();
        }
      }
    }
  }
}
