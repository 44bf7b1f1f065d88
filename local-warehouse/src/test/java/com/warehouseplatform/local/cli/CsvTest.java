package com.warehouseplatform.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void quotesOnlyWhatNeedsQuotingAndKeepsNullApartFromEmpty() {
        assertThat(Csv.line(Arrays.asList("plain", "a,b", "say \"hi\"", "two\nlines", null, "", " padded", "주문 🎉")))
                .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",,\"\",\" padded\",주문 🎉");
    }
}
