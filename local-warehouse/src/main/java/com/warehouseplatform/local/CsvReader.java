package com.warehouseplatform.local;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads delimited records as Redshift's COPY does: CSV with a quote character (quoted fields may
 * hold delimiters, newlines and doubled quotes; blanks around a quoted field are ignored), or
 * plain delimited text without quoting. Records end at LF or CRLF. Each record carries the
 * physical line it starts on, counted from 1. A completely empty line is a record of its own,
 * {@link Record#blank()}: COPY fails it unless IGNOREBLANKLINES (copy-parameters-data-conversion).
 */
final class CsvReader {

    /** One record: its fields, which of them were quoted, and its raw text (cut at 1024). */
    record Record(long line, List<String> fields, List<Boolean> quoted, String raw, String problem) {
        /** An empty line: no field at all. */
        boolean blank() {
            return fields.isEmpty();
        }
    }

    private static final int RAW_LIMIT = 1024;
    private static final int EOF = -1;

    private final Reader in;
    private final char delimiter;
    private final Character quote;
    private final char[] buffer = new char[64 * 1024];
    private int length;
    private int index;
    private long line = 1;
    /** The record's raw text so far (cut at RAW_LIMIT), as chars: appended for every character read. */
    private final char[] raw = new char[RAW_LIMIT];

    private int rawLength;

    CsvReader(Reader in, char delimiter, Character quote) {
        this.in = in;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The next record, or null at the end of the input. */
    Record next() throws IOException {
        int c = read();
        if (c == EOF) {
            return null;
        }
        if (c == '\n' || (c == '\r' && peek() == '\n')) {
            if (c == '\r') {
                read();
            }
            return new Record(line++, List.of(), List.of(), "", null);
        }
        return record(c);
    }

    private Record record(int first) throws IOException {
        long startLine = line;
        rawLength = 0;
        List<String> fields = new ArrayList<>();
        List<Boolean> quotedFlags = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean inQuotes = false;
        boolean afterQuote = false;
        int c = first;
        while (true) {
            if (c == EOF) {
                if (inQuotes) {
                    fields.add(field.toString());
                    quotedFlags.add(true);
                    return new Record(startLine, fields, quotedFlags, rawText(), "Unterminated quoted field");
                }
                break;
            }
            appendRaw(c);
            if (inQuotes) {
                if (c == quote) {
                    if (peek() == quote) {
                        appendRaw(read());
                        field.append(quote.charValue());
                    } else {
                        inQuotes = false;
                        afterQuote = true;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == delimiter) {
                fields.add(field.toString());
                quotedFlags.add(quoted);
                field.setLength(0);
                quoted = false;
                afterQuote = false;
            } else if (c == '\n' || (c == '\r' && peek() == '\n')) {
                if (c == '\r') {
                    read();
                }
                line++;
                break;
            } else if (afterQuote) {
                if (c != ' ' && c != '\t') {
                    skipRestOfRecord();
                    fields.add(field.toString());
                    quotedFlags.add(true);
                    return new Record(
                            startLine, fields, quotedFlags, rawText(), "Delimiter not found after a quoted field");
                }
            } else if (quote != null && c == quote && isBlank(field)) {
                field.setLength(0);
                inQuotes = true;
                quoted = true;
            } else {
                field.append((char) c);
            }
            c = read();
        }
        fields.add(field.toString());
        quotedFlags.add(quoted);
        return new Record(startLine, fields, quotedFlags, rawText(), null);
    }

    private void skipRestOfRecord() throws IOException {
        for (int c = read(); c != EOF; c = read()) {
            if (c == '\n') {
                line++;
                return;
            }
            appendRaw(c);
        }
    }

    private void appendRaw(int c) {
        if (rawLength < RAW_LIMIT && c != '\n' && c != '\r') {
            raw[rawLength++] = (char) c;
        }
    }

    private String rawText() {
        return new String(raw, 0, rawLength);
    }

    private static boolean isBlank(StringBuilder field) {
        for (int i = 0; i < field.length(); i++) {
            if (!Character.isWhitespace(field.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private int read() throws IOException {
        if (index >= length && !fill()) {
            return EOF;
        }
        return buffer[index++];
    }

    private int peek() throws IOException {
        if (index >= length && !fill()) {
            return EOF;
        }
        return buffer[index];
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        length = n;
        index = 0;
        return true;
    }
}
