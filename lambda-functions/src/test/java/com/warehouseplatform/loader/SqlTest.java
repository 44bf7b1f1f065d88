package com.warehouseplatform.loader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

    @Test
    void literalDoublesQuotes() {
        assertThat(Sql.literal("orders/o'brien's.csv")).isEqualTo("'orders/o''brien''s.csv'");
        assertThat(Sql.literal("")).isEqualTo("''");
    }

    @Test
    void literalRefusesWhatTheDialectsReadDifferently() {
        assertThatThrownBy(() -> Sql.literal("a\\b")).hasMessageContaining("backslash");
        assertThatThrownBy(() -> Sql.literal("a\nb"))
                .hasMessageContaining("control characters")
                .hasMessageContaining("a\\u000ab");
        assertThatThrownBy(() -> Sql.literal("a\u0000b")).hasMessageContaining("control characters");
        assertThat(Sql.literalProblem("orders/été/ü.csv")).isNull();
    }

    @Test
    void identifiersAreValidatedAndQuoted() {
        assertThat(Sql.identifier("order_id")).isEqualTo("\"order_id\"");
        assertThat(Sql.identifier("_x$1")).isEqualTo("\"_x$1\"");
        assertThat(Sql.isIdentifier("Order")).isFalse();
        assertThat(Sql.isIdentifier("1x")).isFalse();
        assertThat(Sql.isIdentifier("a-b")).isFalse();
        assertThat(Sql.isIdentifier("a\"b")).isFalse();
        assertThat(Sql.isIdentifier("x".repeat(128))).isFalse();
        assertThatThrownBy(() -> Sql.identifier("x; drop table y")).hasMessageContaining("not a valid identifier");
    }

    @Test
    void catalogColumnsAreQuotedWithQuotesDoubled() {
        assertThat(Sql.column("amount")).isEqualTo("\"amount\"");
        assertThat(Sql.column("Weird \"Col\"")).isEqualTo("\"Weird \"\"Col\"\"\"");
        assertThatThrownBy(() -> Sql.column("file_seq__")).hasMessageContaining("reserved");
    }
}
