package com.warehouseplatform.local;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * What COPY makes of one field for one column, before PostgreSQL converts it: the checks and
 * conversions in which Redshift's COPY differs from PostgreSQL's input functions
 * (copy-parameters-data-conversion, r_Character_types, multi-byte-character-load-errors,
 * r_DATEFORMAT_and_TIMEFORMAT_strings, automatic-recognition). A field COPY rejects throws
 * {@link Rejected} with its load error code (r_Load_Error_Reference).
 */
final class FieldConversion {

    /** A field COPY rejects, with its stl_load_errors err_code and err_reason. */
    static final class Rejected extends Exception {
        final int code;

        Rejected(int code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    /**
     * PostgreSQL's special date/time input words. Redshift's automatic recognition lists none of
     * them (automatic-recognition), so they are refused rather than read as PostgreSQL would.
     */
    private static final Set<String> SPECIAL_TIMES =
            Set.of("now", "today", "tomorrow", "yesterday", "epoch", "infinity", "-infinity", "+infinity", "allballs");

    private final CopyCommand command;
    private final CopyCommand.Conversions conversions;

    FieldConversion(CopyCommand command) {
        this.command = command;
        this.conversions = command.conversions();
    }

    /**
     * The value to store for {@code field} (null: SQL NULL, as is a null {@code field}), in the text
     * form PostgreSQL's input function reads.
     */
    String value(TargetTable.Column column, String field) throws Rejected {
        String value = field;
        if (value != null) {
            if (value.isEmpty()) {
                // EMPTYASNULL: "Empty fields for other data types, such as INT, are always loaded with
                // NULL"; CHAR and VARCHAR keep the empty string without it
                value = column.text() && !command.emptyAsNull() ? "" : null;
            } else if (isBlank(value) && (!column.text() || conversions.blanksAsNull())) {
                // BLANKSASNULL: "Blank fields for other data types, such as INT, are always loaded with
                // NULL"; CHAR and VARCHAR keep the blanks without it
                value = null;
            }
        }
        if (value == null) {
            if (column.notNull()) {
                throw new Rejected(1213, "Missing data for not-null field");
            }
            return null;
        }
        return switch (column.kind()) {
            case CHAR -> length(column, singleByte(value));
            case DECIMAL -> scale(column, value);
            case DATE ->
                conversions.dateFormatAuto()
                        ? auto(value, 1205)
                        : defaultFormat(value, "dddd-dd-dd", false, 1205, "YYYY-MM-DD");
            case TIMESTAMP ->
                conversions.timeFormatAuto()
                        ? auto(value, 1206)
                        : defaultFormat(value, "dddd-dd-dd dd:dd:dd", false, 1206, "YYYY-MM-DD HH:MI:SS");
            case TIMESTAMPTZ ->
                conversions.timeFormatAuto()
                        ? auto(value, 1206)
                        : defaultFormat(value, "dddd-dd-dd dd:dd:dd", true, 1206, "YYYY-MM-DD HH:MI:SSOF");
            default -> column.text() ? length(column, validUtf8(column, value)) : value;
        };
    }

    private static boolean isBlank(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '\t') {
                return false;
            }
        }
        return true;
    }

    /**
     * "Columns with a CHAR data type only accept single-byte UTF-8 characters, up to byte value
     * 127" (multi-byte-character-load-errors): error 1220 with the character's bytes in hex.
     * ACCEPTINVCHARS is "valid only for VARCHAR columns", so it does not apply here.
     */
    private static String singleByte(String value) throws Rejected {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) > 0x7f) {
                byte[] bytes = new String(Character.toChars(value.codePointAt(i))).getBytes(StandardCharsets.UTF_8);
                StringBuilder hex = new StringBuilder();
                for (byte b : bytes) {
                    hex.append(hex.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
                }
                throw new Rejected(
                        1220,
                        "Multibyte character not supported for CHAR (Hint: Try using" + " VARCHAR). Invalid char: "
                                + hex);
            }
        }
        return value;
    }

    /** Invalid UTF-8 (decoded as U+FFFD) fails the row unless ACCEPTINVCHARS replaces it. */
    private String validUtf8(TargetTable.Column column, String value) throws Rejected {
        if (value.indexOf('\uFFFD') < 0) {
            return value;
        }
        if (command.acceptInvChars() == null) {
            throw new Rejected(1220, "String contains invalid or unsupported UTF8 codepoints");
        }
        return value.replace('\uFFFD', command.acceptInvChars());
    }

    /**
     * VARCHAR(n) and CHAR(n) hold n bytes (r_Character_types): a longer value is error 1204 unless
     * TRUNCATECOLUMNS, which cuts it to the last whole character within n bytes.
     */
    private String length(TargetTable.Column column, String value) throws Rejected {
        int max = column.maxBytes();
        if (max <= 0 || value.length() * 3 <= max) {
            return value; // a UTF-16 unit is at most 3 bytes of UTF-8 (a surrogate pair 4 for 2)
        }
        int bytes = 0;
        for (int i = 0; i < value.length(); ) {
            int codePoint = value.codePointAt(i);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > max) {
                if (!conversions.truncateColumns()) {
                    throw new Rejected(1204, "String length exceeds DDL length");
                }
                return value.substring(0, i);
            }
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return value;
    }

    /**
     * "By default, COPY truncates values when necessary to fit the scale of the column ... If
     * ROUNDEC is specified, COPY rounds the value" (copy-parameters-data-conversion, ROUNDEC);
     * PostgreSQL rounds, so without ROUNDEC the extra digits are cut here.
     */
    private String scale(TargetTable.Column column, String value) {
        int scale = column.scale();
        if (scale < 0 || conversions.roundDec()) {
            return value;
        }
        String text = value.trim();
        int dot = text.indexOf('.');
        int end = dot + 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (dot >= 0 && end == text.length()) {
            if (end - dot - 1 <= scale) {
                return value;
            }
            String cut = text.substring(0, scale == 0 ? dot : dot + 1 + scale);
            return cut.isEmpty() || cut.equals("-") || cut.equals("+") ? cut + "0" : cut;
        }
        if (text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            return value; // an integer, or not a number: PostgreSQL reads or rejects it
        }
        try {
            BigDecimal number = new BigDecimal(text);
            return number.scale() > scale
                    ? number.setScale(scale, RoundingMode.DOWN).toPlainString()
                    : value;
        } catch (NumberFormatException e) {
            return value;
        }
    }

    /**
     * Without DATEFORMAT / TIMEFORMAT the formats are YYYY-MM-DD, YYYY-MM-DD HH:MI:SS (seconds
     * with up to six fraction digits) and, for TIMESTAMPTZ, that with an offset from UTC
     * (r_DATEFORMAT_and_TIMEFORMAT_strings); the other spellings need 'auto'.
     */
    private static String defaultFormat(String value, String pattern, boolean offset, int code, String format)
            throws Rejected {
        int n = pattern.length();
        boolean ok = value.length() >= n;
        for (int i = 0; ok && i < n; i++) {
            char p = pattern.charAt(i);
            char c = value.charAt(i);
            ok = p == 'd' ? c >= '0' && c <= '9' : c == p;
        }
        int i = n;
        if (ok && code == 1206 && i < value.length() && value.charAt(i) == '.') {
            int digits = 0;
            for (i++; i < value.length() && Character.isDigit(value.charAt(i)); i++) {
                digits++;
            }
            ok = digits >= 1 && digits <= 6;
        }
        if (ok && offset && i < value.length()) {
            ok = value.substring(i).matches("[+-]\\d{1,2}(:\\d{2})?");
            i = value.length();
        }
        if (!ok || i != value.length()) {
            throw new Rejected(
                    code,
                    "Invalid " + (code == 1205 ? "date" : "timestamp")
                            + " format or value [" + format + "]: without "
                            + (code == 1205 ? "DATEFORMAT" : "TIMEFORMAT") + " 'auto' COPY reads only this format");
        }
        return value;
    }

    /** 'auto' reads what PostgreSQL reads, except PostgreSQL's special words. */
    private static String auto(String value, int code) throws Rejected {
        String text = value.trim();
        if (!text.isEmpty()
                && !Character.isDigit(text.charAt(0))
                && SPECIAL_TIMES.contains(text.toLowerCase(Locale.ROOT))) {
            throw new Rejected(
                    code,
                    "Invalid " + (code == 1205 ? "date" : "timestamp") + " value '" + text
                            + "': a PostgreSQL special value, not recognised by 'auto'");
        }
        return value;
    }
}
