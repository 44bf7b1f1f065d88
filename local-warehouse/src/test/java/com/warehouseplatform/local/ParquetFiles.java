package com.warehouseplatform.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPOutputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.xerial.snappy.Snappy;

/**
 * Parquet files for the tests, written by parquet-java's own example writer. Its codec factory
 * goes through Hadoop's codec classes, so pages are compressed here with snappy-java and
 * java.util.zip directly.
 */
public final class ParquetFiles {

    private ParquetFiles() {}

    /**
     * A file of {@code schema} (Parquet's message syntax) with one row per filler, each filling a
     * row's fields (a field left unfilled is NULL).
     */
    @SafeVarargs
    public static byte[] write(String schema, CompressionCodecName codec, Consumer<Group>... rows) {
        MessageType type = MessageTypeParser.parseMessageType(schema);
        SimpleGroupFactory groups = new SimpleGroupFactory(type);
        try {
            Path file = Files.createTempFile("local-warehouse-", ".parquet");
            try {
                Files.delete(file);
                try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
                        .withConf(new PlainParquetConfiguration())
                        .withCodecFactory(new Compressors())
                        .withType(type)
                        .withCompressionCodec(codec)
                        .build()) {
                    for (Consumer<Group> row : rows) {
                        Group group = groups.newGroup();
                        row.accept(group);
                        writer.write(group);
                    }
                }
                return Files.readAllBytes(file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A manifest of the given {@code s3://} URLs and sizes, as the loader writes them. */
    public static String manifest(Object... urlsAndLengths) {
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < urlsAndLengths.length; i += 2) {
            entries.append(i == 0 ? "" : ",\n")
                    .append("{\"url\": \"")
                    .append(urlsAndLengths[i])
                    .append("\", \"mandatory\": true, \"meta\": {\"content_length\": ")
                    .append(urlsAndLengths[i + 1])
                    .append("}}");
        }
        return "{\"entries\": [\n" + entries + "\n]}";
    }

    /** Page compressors for the writer: SNAPPY, GZIP or none. */
    private static final class Compressors implements CompressionCodecFactory {
        @Override
        public BytesInputCompressor getCompressor(CompressionCodecName codec) {
            return new BytesInputCompressor() {
                @Override
                public BytesInput compress(BytesInput bytes) throws IOException {
                    byte[] plain = bytes.toByteArray();
                    return BytesInput.from(
                            switch (codec) {
                                case UNCOMPRESSED -> plain;
                                case SNAPPY -> Snappy.compress(plain);
                                case GZIP -> {
                                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                                    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                                        gzip.write(plain);
                                    }
                                    yield out.toByteArray();
                                }
                                default -> throw new IllegalArgumentException(codec + " is not written by the tests");
                            });
                }

                @Override
                public CompressionCodecName getCodecName() {
                    return codec;
                }

                @Override
                public void release() {}
            };
        }

        @Override
        public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
            throw new UnsupportedOperationException("the tests only write");
        }

        @Override
        public void release() {}
    }
}
