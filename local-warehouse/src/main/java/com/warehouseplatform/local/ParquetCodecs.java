package com.warehouseplatform.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * The page codecs the local warehouse reads Parquet with: uncompressed, SNAPPY (Parquet's
 * default, through snappy-java's bundled native library) and GZIP (java.util.zip). Parquet's own
 * codec factory goes through Hadoop's codec classes; this one needs no Hadoop. Files compressed
 * otherwise (ZSTD, LZ4, BROTLI, LZO) are refused by name before a page is read.
 */
final class ParquetCodecs implements CompressionCodecFactory {

    static final Set<CompressionCodecName> READ =
            Set.of(CompressionCodecName.UNCOMPRESSED, CompressionCodecName.SNAPPY, CompressionCodecName.GZIP);

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        if (!READ.contains(codec)) {
            throw new IllegalStateException("Parquet codec " + codec + " is not read here");
        }
        return new Decompressor(codec);
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the local warehouse only reads Parquet");
    }

    @Override
    public void release() {}

    private record Decompressor(CompressionCodecName codec) implements BytesInputDecompressor {

        @Override
        public BytesInput decompress(BytesInput bytes, int uncompressedSize) throws IOException {
            return BytesInput.from(decompress(bytes.toByteArray(), uncompressedSize));
        }

        @Override
        public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output, int uncompressedSize)
                throws IOException {
            byte[] compressed = new byte[compressedSize];
            input.get(compressed);
            output.put(decompress(compressed, uncompressedSize));
        }

        private byte[] decompress(byte[] compressed, int uncompressedSize) throws IOException {
            byte[] plain = switch (codec) {
                case UNCOMPRESSED -> compressed;
                case SNAPPY -> Snappy.uncompress(compressed);
                case GZIP -> {
                    try (GZIPInputStream gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
                        yield gzip.readAllBytes();
                    }
                }
                default -> throw new IllegalStateException("Parquet codec " + codec + " is not read here");
            };
            if (plain.length != uncompressedSize) {
                throw new IOException(codec + " page decompressed to " + plain.length + " bytes, not the "
                        + uncompressedSize + " its header says");
            }
            return plain;
        }

        @Override
        public void release() {}
    }
}
