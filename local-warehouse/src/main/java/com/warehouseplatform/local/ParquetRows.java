package com.warehouseplatform.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.HadoopFreeReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * The rows of one Parquet file as COPY ... FORMAT AS PARQUET loads them: the file's columns, by
 * position, onto the COPY's columns (copy-usage_notes-copy-from-columnar: "COPY inserts values
 * into the target table's columns in the same order as the columns occur in the columnar data
 * files. The number of columns in the target table and the number of columns in the data file
 * must match"). The whole file is checked before its first row is given: a column count or type
 * that does not fit fails the COPY, as Redshift's Spectrum scan does, with its message's shape
 * (file, column, both types) and with the object's s3:// URL where Redshift writes its https one.
 */
final class ParquetRows implements AutoCloseable {

    private final String url;
    private final ParquetFileReader reader;
    private final MessageType schema;
    private final List<TargetTable.Column> columns;
    private final ParquetColumn.Converter[] converters;
    private RecordReader<Group> group;
    private long left;
    private long row;

    private ParquetRows(
            String url,
            ParquetFileReader reader,
            List<TargetTable.Column> columns,
            ParquetColumn.Converter[] converters) {
        this.url = url;
        this.reader = reader;
        this.schema = reader.getFileMetaData().getSchema();
        this.columns = columns;
        this.converters = converters;
    }

    /**
     * The COPY's failure for a manifest entry without {@code meta.content_length}: "required for
     * Amazon Redshift Spectrum external tables and for loading data files in an ORC or Parquet file
     * format" (loading-data-files-using-manifest).
     */
    static String missingContentLength(String manifestUrl, String url) {
        return "Manifest file " + manifestUrl + ": entry " + url + " has no meta.content_length,"
                + " which COPY from PARQUET requires";
    }

    /**
     * Opens {@code bytes}, the object of {@code file}, and checks it against the COPY's columns.
     * A manifest's content_length must be the object's size: Redshift reads the file by that
     * length, so a wrong one fails here rather than reading a part of the file.
     */
    static ParquetRows open(CopyLoader.S3File file, byte[] bytes, List<TargetTable.Column> columns)
            throws CopyException {
        String url = file.url();
        if (file.contentLength() >= 0 && file.contentLength() != bytes.length) {
            throw new CopyException("meta.content_length of " + url + " in the manifest is " + file.contentLength()
                    + ", but the object has " + bytes.length + " bytes");
        }
        for (String suffix : List.of(".gz", ".snappy", ".bz2")) {
            // Redshift decompresses a columnar file by these extensions (copy-usage_notes-copy-from-
            // columnar); the local warehouse does not, and says so rather than misread the file
            if (file.key().endsWith(suffix)) {
                throw new CopyException("File '" + url + "': Parquet files compressed whole (" + suffix
                        + ") are not supported by the local warehouse");
            }
        }
        ParquetFileReader reader;
        try {
            reader = ParquetFileReader.open(new BytesInputFile(bytes), HadoopFreeReadOptions.with(new ParquetCodecs()));
        } catch (IOException | RuntimeException e) {
            throw new CopyException(
                    "Spectrum Scan Error: File '" + url + "' is not a valid Parquet" + " file: " + e.getMessage());
        }
        try {
            return new ParquetRows(url, reader, columns, check(url, reader, columns));
        } catch (CopyException | RuntimeException e) {
            closeQuietly(reader);
            throw e;
        }
    }

    private static ParquetColumn.Converter[] check(
            String url, ParquetFileReader reader, List<TargetTable.Column> columns) throws CopyException {
        for (BlockMetaData block : reader.getRowGroups()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
                if (!ParquetCodecs.READ.contains(chunk.getCodec())) {
                    throw new CopyException(
                            "File '" + url + "' column " + chunk.getPath().toDotString()
                                    + " is compressed with " + chunk.getCodec() + ", which the local warehouse does"
                                    + " not read (it reads uncompressed, SNAPPY and GZIP Parquet)");
                }
            }
        }
        List<Type> fields = reader.getFileMetaData().getSchema().getFields();
        if (fields.size() != columns.size()) {
            throw new CopyException("Spectrum Scan Error: Unmatched number of columns between table"
                    + " and file. Table columns: " + columns.size() + ", Data columns: " + fields.size()
                    + ", File name: " + url);
        }
        ParquetColumn.Converter[] converters = new ParquetColumn.Converter[fields.size()];
        for (int i = 0; i < converters.length; i++) {
            Type field = fields.get(i);
            TargetTable.Column column = columns.get(i);
            if (!field.isPrimitive() || field.isRepetition(Type.Repetition.REPEATED)) {
                throw new CopyException("File '" + url + "' column " + field.getName() + " is nested ("
                        + field.toString().strip() + "): loading nested Parquet data (SERIALIZETOJSON into"
                        + " SUPER) is not supported by the local warehouse");
            }
            if (column.type().equals("jsonb")) {
                throw new CopyException("COPY from Parquet into SUPER column " + column.name()
                        + " is not supported by the local warehouse");
            }
            converters[i] = ParquetColumn.converter(field.asPrimitiveType(), column);
            if (converters[i] == null) {
                throw new CopyException("Spectrum Scan Error: File '" + url + "' has an incompatible"
                        + " Parquet schema for column '" + column.name() + "'. Column type: "
                        + column.type().toUpperCase(Locale.ROOT) + ", Parquet schema: "
                        + field.toString().strip());
            }
        }
        return converters;
    }

    /** The number of the row {@link #next} gave last, from 1. */
    long row() {
        return row;
    }

    /** The next row's values as text (null for NULL), or null after the last row. */
    String[] next() throws CopyException {
        try {
            while (left == 0) {
                PageReadStore pages = reader.readNextRowGroup();
                if (pages == null) {
                    return null;
                }
                left = pages.getRowCount();
                group = new ColumnIOFactory()
                        .getColumnIO(schema)
                        .getRecordReader(pages, new GroupRecordConverter(schema));
            }
            Group record = group.read();
            left--;
            row++;
            String[] values = new String[converters.length];
            for (int i = 0; i < values.length; i++) {
                if (record.getFieldRepetitionCount(i) > 0) {
                    values[i] = converters[i].text(record, i);
                    checkLength(columns.get(i), values[i]);
                }
            }
            return values;
        } catch (IOException | ParquetDecodingException e) {
            throw new CopyException(
                    "Spectrum Scan Error: File '" + url + "' could not be read at row " + (row + 1) + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /**
     * Spectrum fails the COPY on a string longer than its column, with error 15001 and this text
     * (as reported in aws/aws-sdk-pandas#280), rather than rejecting the row.
     */
    private void checkLength(TargetTable.Column column, String value) throws CopyException {
        if (column.maxBytes() > 0) {
            int length = value.getBytes(StandardCharsets.UTF_8).length;
            if (length > column.maxBytes()) {
                throw new CopyException("Spectrum Scan Error: The length of the data column "
                        + column.name() + " is longer than the length defined in the table. Table: "
                        + column.maxBytes() + ", Data: " + length + ", File name: " + url);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(reader);
    }

    private static void closeQuietly(ParquetFileReader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // the bytes are in memory: nothing is left open
        }
    }
}
