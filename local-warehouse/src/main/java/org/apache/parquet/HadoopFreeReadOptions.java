package org.apache.parquet;

import java.util.HashMap;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.format.converter.ParquetMetadataConverter;

/**
 * Read options built without {@link ParquetReadOptions.Builder}: every Builder constructor (even
 * with a {@link PlainParquetConfiguration}) calls {@code ParquetInputFormat.getFilter}, which
 * loads Hadoop's {@code FileInputFormat}, absent from the local warehouse. This class sits in
 * parquet's package to reach the package-private constructor (parquet-java 1.16.0; its test
 * ParquetCopyTest runs without Hadoop on the class path, so a change there fails the build).
 * The values are the Builder's defaults, with the given codecs and no record filter.
 */
public final class HadoopFreeReadOptions {

    private static final int MAX_ALLOCATION = 8 * 1024 * 1024;

    private HadoopFreeReadOptions() {}

    public static ParquetReadOptions with(CompressionCodecFactory codecs) {
        return new ParquetReadOptions(
                false,
                true,
                true,
                true,
                true,
                false,
                true,
                false,
                false,
                FilterCompat.NOOP,
                ParquetMetadataConverter.NO_FILTER,
                codecs,
                new HeapByteBufferAllocator(),
                MAX_ALLOCATION,
                new HashMap<>(),
                null,
                null,
                new PlainParquetConfiguration());
    }
}
