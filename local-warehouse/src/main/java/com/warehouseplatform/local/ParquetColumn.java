package com.warehouseplatform.local;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Which Parquet column loads into which Redshift column, and the value as text for the insert.
 * Redshift COPY reads Parquet through Spectrum and fails the COPY when a file column's type does
 * not fit its table column (copy-usage_notes-copy-from-columnar). AWS's Knowledge Center
 * (redshift-spectrum-data-errors) says the column definition "must match" the file's type, DECIMAL
 * precision and scale included; so only matching pairs load here, no widening (INT32 into BIGINT,
 * FLOAT into DOUBLE PRECISION, DECIMAL(5,2) into DECIMAL(10,2) are refused), so that what loads
 * here loads on a cluster.
 */
final class ParquetColumn {

    /** Turns the value of a row's field (present, not null) into text PostgreSQL parses. */
    @FunctionalInterface
    interface Converter {
        String text(Group row, int field);
    }

    private static final Pattern SIZED = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
    private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

    private ParquetColumn() {}

    /** The converter of {@code field} into {@code column}, or null when the types do not fit. */
    static Converter converter(PrimitiveType field, TargetTable.Column column) {
        PrimitiveTypeName physical = field.getPrimitiveTypeName();
        LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
        String type = column.type();
        switch (type) {
            case "boolean":
                return physical == PrimitiveTypeName.BOOLEAN && logical == null
                        ? (row, i) -> String.valueOf(row.getBoolean(i, 0))
                        : null;
            case "smallint":
                return physical == PrimitiveTypeName.INT32 && signedInt(logical, 16)
                        ? (row, i) -> String.valueOf(row.getInteger(i, 0))
                        : null;
            case "integer":
                return physical == PrimitiveTypeName.INT32 && signedInt(logical, 32)
                        ? (row, i) -> String.valueOf(row.getInteger(i, 0))
                        : null;
            case "bigint":
                return physical == PrimitiveTypeName.INT64 && signedInt(logical, 64)
                        ? (row, i) -> String.valueOf(row.getLong(i, 0))
                        : null;
            case "real":
                return physical == PrimitiveTypeName.FLOAT && logical == null
                        ? (row, i) -> String.valueOf(row.getFloat(i, 0))
                        : null;
            case "double precision":
                return physical == PrimitiveTypeName.DOUBLE && logical == null
                        ? (row, i) -> String.valueOf(row.getDouble(i, 0))
                        : null;
            case "date":
                return physical == PrimitiveTypeName.INT32
                                && logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation
                        ? (row, i) -> LocalDate.ofEpochDay(row.getInteger(i, 0)).toString()
                        : null;
            case "timestamp without time zone":
                return timestamp(physical, logical, "");
            case "timestamp with time zone":
                return timestamp(physical, logical, "+00");
            case "text":
                return string(physical, logical);
            default:
                if (type.startsWith("character varying") || type.startsWith("character(")) {
                    return string(physical, logical);
                }
                if (type.equals("numeric") || type.startsWith("numeric(")) {
                    return decimal(physical, logical, type);
                }
                return null;
        }
    }

    /**
     * A signed integer of the column's width: INT(8) and INT(16) for SMALLINT, plain INT32 or
     * INT(32) for INTEGER, plain INT64 or INT(64) for BIGINT.
     */
    private static boolean signedInt(LogicalTypeAnnotation logical, int bits) {
        if (logical == null) {
            return bits >= 32;
        }
        return logical instanceof IntLogicalTypeAnnotation i
                && i.isSigned()
                && (i.getBitWidth() == bits || (bits == 16 && i.getBitWidth() == 8));
    }

    private static Converter string(PrimitiveTypeName physical, LogicalTypeAnnotation logical) {
        boolean text = logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
                || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation;
        // invalid UTF-8 becomes U+FFFD, which COPY then refuses unless ACCEPTINVCHARS is given
        return physical == PrimitiveTypeName.BINARY && text
                ? (row, i) -> row.getBinary(i, 0).toStringUsingUTF8()
                : null;
    }

    /**
     * DECIMAL(p, s) into DECIMAL(p, s) of the same precision and scale (a DECIMAL column declared
     * without them is DECIMAL(18, 0), r_Numeric_types201).
     */
    private static Converter decimal(PrimitiveTypeName physical, LogicalTypeAnnotation logical, String type) {
        if (!(logical instanceof DecimalLogicalTypeAnnotation decimal)) {
            return null;
        }
        int precision = 18;
        int scale = 0;
        Matcher sized = SIZED.matcher(type);
        if (sized.matches()) {
            precision = Integer.parseInt(sized.group(1));
            scale = Integer.parseInt(sized.group(2));
        }
        if (decimal.getScale() != scale || decimal.getPrecision() != precision) {
            return null;
        }
        int s = decimal.getScale();
        return switch (physical) {
            case INT32 ->
                (row, i) -> BigDecimal.valueOf(row.getInteger(i, 0), s).toPlainString();
            case INT64 -> (row, i) -> BigDecimal.valueOf(row.getLong(i, 0), s).toPlainString();
            case BINARY, FIXED_LEN_BYTE_ARRAY ->
                (row, i) -> new BigDecimal(new BigInteger(row.getBinary(i, 0).getBytes()), s).toPlainString();
            default -> null;
        };
    }

    /**
     * TIMESTAMP (milli-, micro- or nanoseconds, adjusted to UTC or not) and the legacy INT96 into
     * TIMESTAMP or TIMESTAMPTZ; the wall time is taken as UTC, rounded to microseconds.
     */
    private static Converter timestamp(PrimitiveTypeName physical, LogicalTypeAnnotation logical, String zone) {
        if (physical == PrimitiveTypeName.INT96 && logical == null) {
            return (row, i) -> TIMESTAMP.format(toMicros(int96(row.getInt96(i, 0)))) + zone;
        }
        if (physical != PrimitiveTypeName.INT64 || !(logical instanceof TimestampLogicalTypeAnnotation timestamp)) {
            return null;
        }
        TimeUnit unit = timestamp.getUnit();
        return (row, i) -> TIMESTAMP.format(toMicros(epoch(row.getLong(i, 0), unit))) + zone;
    }

    /** Redshift keeps microseconds (r_Datetime_types): nanoseconds are rounded, half up. */
    private static LocalDateTime toMicros(LocalDateTime time) {
        return time.plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static LocalDateTime epoch(long value, TimeUnit unit) {
        long perSecond = switch (unit) {
            case MILLIS -> 1_000L;
            case MICROS -> 1_000_000L;
            case NANOS -> 1_000_000_000L;
        };
        long seconds = Math.floorDiv(value, perSecond);
        long nanos = Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond);
        return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
    }

    /** INT96: nanoseconds of the day (8 bytes), then the Julian day (4 bytes), little-endian. */
    private static LocalDateTime int96(Binary value) {
        ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = bytes.getLong();
        long julianDay = bytes.getInt();
        return LocalDate.ofEpochDay(julianDay - JULIAN_DAY_OF_EPOCH)
                .atStartOfDay()
                .plusNanos(nanosOfDay);
    }
}
