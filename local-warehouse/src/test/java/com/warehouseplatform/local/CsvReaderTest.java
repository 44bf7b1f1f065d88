package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {

    @Test
    void quotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() throws IOException {
        List<CsvReader.Record> records =
                read("a,b\n1,\"x, y\"\n2,\"multi\r\nline \"\"q\"\"\"\r\n" + "3,  \"padded\"  \n", ',', '"');

        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 3L, 5L);
        assertThat(records.get(1).fields()).containsExactly("1", "x, y");
        assertThat(records.get(2).fields()).containsExactly("2", "multi\r\nline \"q\"");
        assertThat(records.get(3).fields()).containsExactly("3", "padded");
        assertThat(records.get(3).quoted()).containsExactly(false, true);
        assertThat(records).allSatisfy(r -> assertThat(r.problem()).isNull());
    }

    @Test
    @RedshiftDoc("copy-parameters-data-conversion")
    void emptyLinesAreBlankRecordsOfTheirOwn() throws IOException {
        List<CsvReader.Record> records = read("1\n\n\r\n2\n", ',', '"');
        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(records).extracting(CsvReader.Record::blank).containsExactly(false, true, true, false);
        assertThat(records.get(3).fields()).containsExactly("2");
    }

    @Test
    void emptyFieldsAndLastLineWithoutNewline() throws IOException {
        List<CsvReader.Record> records = read(",\"\",x", ',', '"');
        assertThat(records.get(0).fields()).containsExactly("", "", "x");
        assertThat(records.get(0).quoted()).containsExactly(false, true, false);
    }

    @Test
    void malformedRecordsAreReportedAndReadingGoesOn() throws IOException {
        List<CsvReader.Record> records = read("1,\"a\"b,c\n2,ok\n3,\"open\n", ',', '"');
        assertThat(records)
                .extracting(CsvReader.Record::problem)
                .containsExactly("Delimiter not found after a quoted field", null, "Unterminated quoted field");
        assertThat(records).extracting(CsvReader.Record::line).containsExactly(1L, 2L, 3L);
    }

    @Test
    void withoutQuoteCharacterQuotesAreData() throws IOException {
        List<CsvReader.Record> records = read("\"a\"|b\"c\n", '|', null);
        assertThat(records.get(0).fields()).containsExactly("\"a\"", "b\"c");
    }

    private static List<CsvReader.Record> read(String text, char delimiter, Character quote) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(text), delimiter, quote);
        List<CsvReader.Record> records = new ArrayList<>();
        for (CsvReader.Record r = reader.next(); r != null; r = reader.next()) {
            records.add(r);
        }
        return records;
    }
}
