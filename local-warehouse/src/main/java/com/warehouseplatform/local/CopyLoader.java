package com.warehouseplatform.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FilterInputStream;
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
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
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
 * under a prefix), reads them from the local S3 server, and loads their rows on the
 * statement's connection, so the load is part of the statement's transaction. Each file is read
 * by a per-file reader into rows; {@link FieldConversion} applies Redshift's conversions and
 * checks, then the rows go to PostgreSQL's own COPY (FROM STDIN, inside a savepoint), which
 * converts the values. When PostgreSQL rejects a file's data, or the file's rejected rows reach
 * MAXERROR, the savepoint is rolled back and the file is loaded again row by row, so that each
 * rejected row is attributed to its file, line and column, counted against MAXERROR and written
 * to stl_load_errors and sys_load_error_detail as before. A successful COPY is recorded in
 * stl_load_commits (one row per file) and sys_load_history (one row).
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
    private final LoadCommitLog commitLog;

    CopyLoader(S3Client s3, LocalPostgres postgres) {
        this.s3 = s3;
        this.postgres = postgres;
        this.errorLog = new LoadErrorLog(postgres);
        this.commitLog = new LoadCommitLog(postgres);
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
                throw new CopyException(
                        "Manifest file " + command.fromUrl() + ": none of its " + files.size() + " entries was found");
            }
            LoadErrorLog.Load record = LoadErrorLog.Load.of(connection, sub, owner, table.oid(), start);
            if (!load.errors.isEmpty()) {
                errorLog.write(record, load.errors);
            }
            commitLog.write(record, command, load.committed, load.loaded, load.errors.size(), load.exceeded());
            if (load.exceeded()) {
                // a cluster points at STL, Serverless (which has no STL views) at SYS
                String view = owner.target.workgroupName() != null ? "sys_load_error_detail" : "stl_load_errors";
                throw new CopyException("Load into table '" + command.tableShortName() + "' failed." + " Check '" + view
                        + "' system table for details.");
            }
            return load.loaded;
        }
    }

    private List<S3File> files(CopyCommand command) throws CopyException {
        try {
            return command.manifest() ? manifestEntries(command) : underPrefix(command);
        } catch (NoSuchBucketException e) {
            throw new CopyException("S3ServiceException: The specified bucket does not exist: " + command.bucket());
        } catch (SdkException e) {
            throw new CopyException("S3ServiceException: " + e.getMessage(), e);
        }
    }

    private List<S3File> underPrefix(CopyCommand command) throws CopyException {
        List<S3File> files = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(
                        b -> b.bucket(command.bucket()).prefix(command.key()))
                .contents()) {
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
            throw new CopyException("Manifest file " + command.fromUrl() + " is not valid JSON: " + e.getMessage());
        }
        JsonNode entries = manifest == null ? null : manifest.get("entries");
        if (entries == null || !entries.isArray()) {
            throw new CopyException("Manifest file " + command.fromUrl() + " has no \"entries\" array");
        }
        List<S3File> files = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            String url = entry.path("url").asText("");
            if (!url.startsWith("s3://") || url.indexOf('/', 5) < 0) {
                throw new CopyException(
                        "Manifest file " + command.fromUrl() + " has an entry without a valid s3:// url: " + entry);
            }
            JsonNode mandatory = entry.get("mandatory");
            if (mandatory != null && !mandatory.isBoolean()) {
                throw new CopyException(
                        "Manifest file " + command.fromUrl() + ": \"mandatory\" of " + url + " must be true or false");
            }
            JsonNode length = entry.path("meta").get("content_length");
            if (length != null && !(length.canConvertToLong() && length.asLong() >= 0)) {
                throw new CopyException("Manifest file " + command.fromUrl() + ": meta.content_length of " + url
                        + " must be a number of bytes");
            }
            if (length == null && command.format() == CopyCommand.Format.PARQUET) {
                throw new CopyException(ParquetRows.missingContentLength(command.fromUrl(), url));
            }
            String path = url.substring(5);
            files.add(new S3File(
                    path.substring(0, path.indexOf('/')),
                    path.substring(path.indexOf('/') + 1),
                    mandatory != null && mandatory.asBoolean(),
                    length == null ? -1 : length.asLong()));
        }
        return files;
    }

    /** A file loaded by a COPY, as stl_load_commits and sys_load_history record it. */
    record LoadedFile(String url, long linesScanned, long objectBytes, long dataBytes) {}

    /** One COPY in progress: the rows of the file being read, counts and rejected rows. */
    private final class Load implements AutoCloseable {
        private static final int COPY_CHUNK_CHARS = 64 * 1024;

        private final Connection connection;
        private final TargetTable table;
        private final CopyCommand command;
        private final DataApiStatement owner;
        private final FieldConversion conversion;
        private final String copySql;
        private final List<Row> pending = new ArrayList<>();
        private final List<LoadError> errors = new ArrayList<>();
        private final List<LoadedFile> committed = new ArrayList<>();
        private PreparedStatement insert;
        private FastCopy fast;
        private Connection probe;
        private long loaded;

        private record Row(S3File file, long line, String raw, String[] values) {}

        /** What reading one file gave: null from {@link #read} when it does not exist. */
        private record FileRead(long lines, long objectBytes, long dataBytes) {}

        Load(Connection connection, TargetTable table, CopyCommand command, DataApiStatement owner)
                throws SQLException {
            this.connection = connection;
            this.table = table;
            this.command = command;
            this.owner = owner;
            this.conversion = new FieldConversion(command);
            StringBuilder columns = new StringBuilder();
            for (TargetTable.Column column : table.columns()) {
                columns.append(columns.length() == 0 ? "" : ", ").append(column.quotedName());
            }
            this.copySql = "COPY " + table.name() + " (" + columns + ") FROM STDIN";
            // Redshift checks the privilege when the COPY starts, whatever the files hold
            try (PreparedStatement check =
                    connection.prepareStatement("SELECT has_table_privilege(CAST(? AS oid), 'INSERT')")) {
                check.setLong(1, table.oid());
                try (var rs = check.executeQuery()) {
                    if (rs.next() && !rs.getBoolean(1)) {
                        throw new SQLException("permission denied for relation " + command.tableShortName(), "42501");
                    }
                }
            }
        }

        /**
         * "If the load returns the error_count number of errors or greater, the load fails ... Set
         * this value to 0 or 1 if you want the load to fail as soon as the first error occurs"
         * (copy-parameters-data-load, MAXERROR).
         */
        boolean exceeded() {
            return errors.size() >= Math.max(1, command.maxError());
        }

        /**
         * Loads one file; false when it does not exist and is not mandatory. First through
         * PostgreSQL's COPY in a savepoint; when that fails on the data, or the file's rejected rows
         * reach MAXERROR, again row by row to find and record each error in the file's order.
         */
        boolean file(S3File file) throws CopyException, SQLException, StatementCancelledException {
            int errorsBefore = errors.size();
            Savepoint savepoint = connection.setSavepoint();
            fast = new FastCopy();
            try {
                FileRead read = read(file);
                if (read == null) {
                    connection.releaseSavepoint(savepoint);
                    return false;
                }
                if (!exceeded()) {
                    loaded += fast.finish();
                    connection.releaseSavepoint(savepoint);
                    committed.add(new LoadedFile(file.url(), read.lines(), read.objectBytes(), read.dataBytes()));
                    return true;
                }
                fast.abort();
            } catch (SQLException failure) {
                fast.abort();
                if (owner.isCancelRequested()) {
                    throw new StatementCancelledException();
                }
                if (notAboutData(failure)) {
                    throw failure;
                }
            } catch (CopyException | StatementCancelledException | RuntimeException e) {
                fast.abort();
                throw e;
            } finally {
                fast = null;
            }
            // PostgreSQL rejected the data, or the rows rejected here reached MAXERROR: again, row
            // by row, so that the errors recorded are the ones a row-by-row load meets first
            connection.rollback(savepoint);
            errors.subList(errorsBefore, errors.size()).clear();
            FileRead read = read(file);
            if (!exceeded()) {
                flush();
            }
            pending.clear();
            if (read != null && !exceeded()) {
                committed.add(new LoadedFile(file.url(), read.lines(), read.objectBytes(), read.dataBytes()));
            }
            return read != null;
        }

        /** Reads one file into rows ({@link #add}); null when it does not exist and is optional. */
        private FileRead read(S3File file) throws CopyException, SQLException, StatementCancelledException {
            ResponseInputStream<GetObjectResponse> object = open(file);
            if (object == null) {
                return null;
            }
            if (command.format() == CopyCommand.Format.PARQUET) {
                try (InputStream data = object) {
                    byte[] bytes = data.readAllBytes();
                    return new FileRead(parquet(file, bytes), bytes.length, bytes.length);
                } catch (IOException e) {
                    throw new CopyException("Could not read " + file.url() + ": " + e.getMessage(), e);
                }
            }
            CountingInputStream counted;
            try (InputStream data = object) {
                counted = new CountingInputStream(decompress(file, object));
                Reader reader = new InputStreamReader(counted, StandardCharsets.UTF_8);
                long lines = command.format() == CopyCommand.Format.JSON ? json(file, reader) : delimited(file, reader);
                Long length = object.response().contentLength();
                return new FileRead(lines, length == null ? 0 : length, counted.count);
            } catch (IOException e) {
                throw new CopyException("Could not read " + file.url() + ": " + e.getMessage(), e);
            }
        }

        private ResponseInputStream<GetObjectResponse> open(S3File file) throws CopyException {
            try {
                return s3.getObject(b -> b.bucket(file.bucket()).key(file.key()));
            } catch (NoSuchKeyException | NoSuchBucketException e) {
                if (!file.mandatory()) {
                    return null;
                }
                throw new CopyException(
                        command.manifest()
                                ? "Manifest file " + command.fromUrl() + ": mandatory entry " + file.url()
                                        + " does not exist"
                                : "S3ServiceException: The specified key does not exist: " + file.url());
            } catch (SdkException e) {
                throw new CopyException("S3ServiceException: " + e.getMessage(), e);
            }
        }

        private InputStream decompress(S3File file, InputStream object) throws CopyException {
            if (!command.gzip()) {
                return object;
            }
            try {
                return new GZIPInputStream(object, 64 * 1024);
            } catch (IOException e) {
                throw new CopyException("gzip: " + file.url() + " is not in gzip format");
            }
        }

        /** Reads a Parquet file's rows, through the same conversions and inserts as text rows; returns their number. */
        private long parquet(S3File file, byte[] bytes)
                throws CopyException, SQLException, StatementCancelledException {
            long rows = 0;
            try (ParquetRows parquet = ParquetRows.open(file, bytes, table.columns())) {
                for (String[] values = parquet.next(); values != null; values = parquet.next()) {
                    owner.checkCancelled();
                    rows = parquet.row();
                    if (convert(file, parquet.row(), "", values)) {
                        add(new Row(file, parquet.row(), "", values));
                    }
                    if (exceeded()) {
                        break;
                    }
                }
            }
            return rows;
        }

        /** Reads delimited records into rows; returns the number of lines scanned. */
        private long delimited(S3File file, Reader reader)
                throws IOException, SQLException, StatementCancelledException {
            CsvReader csv = new CsvReader(reader, command.delimiter(), command.quote());
            int skip = command.ignoreHeader();
            long lines = 0;
            for (CsvReader.Record record = csv.next(); record != null; record = csv.next()) {
                owner.checkCancelled();
                lines = record.line();
                if (skip > 0) {
                    skip--;
                    continue;
                }
                if (record.blank()) {
                    // "IGNOREBLANKLINES: Ignores blank lines that only contain a line feed in a data file
                    // and does not try to load them" (copy-parameters-data-conversion): without it, COPY
                    // tries, and a line without data is error 1211 (r_Load_Error_Reference)
                    if (!command.conversions().ignoreBlankLines()) {
                        reject(file, record.line(), "", null, 1211, "Input line contained no data", "");
                    }
                } else if (record.problem() != null) {
                    reject(file, record.line(), record.raw(), null, 1214, record.problem(), "");
                } else {
                    String[] values = fromFields(file, record);
                    if (values != null) {
                        add(new Row(file, record.line(), record.raw(), values));
                    }
                }
                if (exceeded()) {
                    break;
                }
            }
            return lines;
        }

        private String[] fromFields(S3File file, CsvReader.Record record)
                throws SQLException, StatementCancelledException {
            List<TargetTable.Column> columns = table.columns();
            List<String> fields = record.fields();
            if (fields.size() < columns.size()) {
                reject(file, record.line(), record.raw(), columns.get(fields.size()), 1214, "Delimiter not found", "");
                return null;
            }
            if (fields.size() > columns.size()) {
                reject(
                        file,
                        record.line(),
                        record.raw(),
                        null,
                        1202,
                        "Extra column(s) found",
                        fields.get(columns.size()));
                return null;
            }
            String[] values = new String[columns.size()];
            for (int i = 0; i < values.length; i++) {
                String field = fields.get(i);
                boolean quoted = record.quoted().get(i);
                values[i] = command.nullAs() != null && !quoted && field.equals(command.nullAs()) ? null : field;
            }
            return convert(file, record.line(), record.raw(), values) ? values : null;
        }

        /** Reads JSON objects into rows; returns the number of lines scanned. */
        private long json(S3File file, Reader reader) throws IOException, SQLException, StatementCancelledException {
            long lines = 0;
            try (JsonLinesReader json = new JsonLinesReader(reader)) {
                for (JsonLinesReader.Record record = json.next(); record != null; record = json.next()) {
                    owner.checkCancelled();
                    lines = Math.max(lines, record.line());
                    if (record.problem() != null) {
                        reject(file, record.line(), "", null, 1216, record.problem(), "");
                    } else {
                        String[] values = fromObject(record.object());
                        String raw = record.object().toString();
                        if (convert(file, record.line(), raw, values)) {
                            add(new Row(file, record.line(), raw, values));
                        }
                    }
                    if (exceeded()) {
                        break;
                    }
                }
            }
            return lines;
        }

        private String[] fromObject(JsonNode object) {
            List<TargetTable.Column> columns = table.columns();
            String[] values = new String[columns.size()];
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                for (int i = 0; i < values.length; i++) {
                    String name = columns.get(i).name();
                    boolean match = command.jsonIgnoreCase()
                            ? name.toLowerCase(Locale.ROOT)
                                    .equals(field.getKey().toLowerCase(Locale.ROOT))
                            : name.equals(field.getKey());
                    if (match) {
                        JsonNode value = field.getValue();
                        values[i] = value.isNull() ? null : value.isContainerNode() ? value.toString() : value.asText();
                    }
                }
            }
            return values;
        }

        /** Applies Redshift's conversions to a row's fields in place; false when one is rejected. */
        private boolean convert(S3File file, long line, String raw, String[] values)
                throws SQLException, StatementCancelledException {
            List<TargetTable.Column> columns = table.columns();
            for (int i = 0; i < values.length; i++) {
                try {
                    values[i] = conversion.value(columns.get(i), values[i]);
                } catch (FieldConversion.Rejected rejected) {
                    reject(
                            file,
                            line,
                            raw,
                            columns.get(i),
                            rejected.code,
                            rejected.getMessage(),
                            values[i] == null ? "" : values[i]);
                    return false;
                }
            }
            return true;
        }

        private void add(Row row) throws SQLException, StatementCancelledException {
            if (fast != null) {
                fast.write(row.values());
                return;
            }
            pending.add(row);
            if (pending.size() >= BATCH_ROWS) {
                flush();
            }
        }

        /** PostgreSQL's COPY FROM STDIN (text format) on the statement's connection, as its user. */
        private final class FastCopy {
            private final StringBuilder text = new StringBuilder(COPY_CHUNK_CHARS + 4096);
            private CopyIn copyIn;
            private long rows;

            void write(String[] values) throws SQLException {
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    String value = values[i];
                    if (value == null) {
                        text.append("\\N");
                        continue;
                    }
                    if (!needsEscape(value)) {
                        text.append(value);
                        continue;
                    }
                    for (int c = 0; c < value.length(); c++) {
                        char ch = value.charAt(c);
                        switch (ch) {
                            case '\\' -> text.append("\\\\");
                            case '\t' -> text.append("\\t");
                            case '\n' -> text.append("\\n");
                            case '\r' -> text.append("\\r");
                            default -> text.append(ch);
                        }
                    }
                }
                text.append('\n');
                rows++;
                if (text.length() >= COPY_CHUNK_CHARS) {
                    send();
                }
            }

            private static boolean needsEscape(String value) {
                for (int c = 0; c < value.length(); c++) {
                    char ch = value.charAt(c);
                    if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r') {
                        return true;
                    }
                }
                return false;
            }

            private void send() throws SQLException {
                if (copyIn == null) {
                    copyIn = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
                }
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                copyIn.writeToCopy(bytes, 0, bytes.length);
                text.setLength(0);
            }

            /** Ends the COPY; returns the rows PostgreSQL loaded. */
            long finish() throws SQLException {
                if (rows == 0) {
                    return 0;
                }
                send();
                return copyIn.endCopy();
            }

            void abort() {
                if (copyIn != null && copyIn.isActive()) {
                    try {
                        copyIn.cancelCopy();
                    } catch (SQLException ignored) {
                        // the COPY already ended in an error; the savepoint's rollback follows
                    }
                }
            }
        }

        void flush() throws SQLException, StatementCancelledException {
            if (pending.isEmpty()) {
                return;
            }
            if (insert == null) {
                insert = connection.prepareStatement(insertSql());
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

        private String insertSql() {
            StringBuilder sql =
                    new StringBuilder("INSERT INTO ").append(table.name()).append(" (");
            StringBuilder marks = new StringBuilder();
            for (TargetTable.Column column : table.columns()) {
                if (marks.length() > 0) {
                    sql.append(", ");
                    marks.append(", ");
                }
                sql.append(column.quotedName());
                marks.append('?');
            }
            return sql.append(") VALUES (").append(marks).append(')').toString();
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
                    ? p.getServerErrorMessage().getColumn()
                    : null;
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
                SQLException conversion = cast(columns.get(i), value);
                if (conversion != null) {
                    return error(row, columns.get(i), conversion, value);
                }
            }
            return error(row, null, failure, "");
        }

        private SQLException cast(TargetTable.Column column, String value) throws SQLException {
            if (probe == null) {
                probe = postgres.connect();
                probe.setAutoCommit(true);
            }
            try (PreparedStatement cast = probe.prepareStatement("SELECT CAST(? AS " + column.type() + ")")) {
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
                case "22001", "22003" -> 1204;
                case "22P02" -> 1207;
                case "22007", "22008" -> type.startsWith("date") ? 1205 : 1206;
                default -> 1216;
            };
            ServerErrorMessage server = e instanceof PSQLException p ? p.getServerErrorMessage() : null;
            String message = server != null && server.getMessage() != null ? server.getMessage() : e.getMessage();
            return loadError(row.file(), row.line(), row.raw(), column, code, message, value);
        }

        /**
         * Records a row rejected before PostgreSQL sees it. Row by row, the rows read before it are
         * inserted first, so that errors are met, and MAXERROR reached, in the file's order.
         */
        private void reject(
                S3File file, long line, String raw, TargetTable.Column column, int code, String message, String value)
                throws SQLException, StatementCancelledException {
            if (fast == null) {
                flush();
                if (exceeded()) {
                    return;
                }
            }
            errors.add(loadError(file, line, raw, column, code, message, value));
        }

        private LoadError loadError(
                S3File file, long line, String raw, TargetTable.Column column, int code, String message, String value) {
            return new LoadError(
                    file.url(),
                    line,
                    column == null ? "" : column.name(),
                    column == null ? "" : column.type(),
                    column == null || column.maxBytes() < 0 ? "" : String.valueOf(column.maxBytes()),
                    0,
                    code,
                    message,
                    raw,
                    value);
        }

        @Override
        public void close() throws SQLException {
            try {
                if (insert != null) {
                    insert.close();
                }
            } finally {
                if (probe != null) {
                    probe.close();
                }
            }
        }
    }

    /** Counts the bytes read through it: a file's size after decompression. */
    private static final class CountingInputStream extends FilterInputStream {
        long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
