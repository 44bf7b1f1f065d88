package com.warehouseplatform.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlParametersTest {

    @Test
    void replacesNamedPlaceholdersOutsideLiteralsCommentsAndCasts() {
        SqlParameters.Bound bound = SqlParameters.bind(
                "SELECT :a::int, ':a', \":a\", $$ :a $$, x ? y -- :a\n, /* :a */ :b, :a", Map.of("a", "1", "b", "2"));
        assertThat(bound.sql()).isEqualTo("SELECT ?::int, ':a', \":a\", $$ :a $$, x ?? y -- :a\n, /* :a */ ?, ?");
        assertThat(bound.values()).containsExactly("1", "2", "1");
    }

    @Test
    void withoutParametersTheSqlIsUntouched() {
        assertThat(SqlParameters.bind("SELECT ':x' ?", Map.of()).sql()).isEqualTo("SELECT ':x' ?");
    }

    @Test
    void aPlaceholderWithoutValueIsAnError() {
        assertThatThrownBy(() -> SqlParameters.bind("SELECT :nope", Map.of("a", "1")))
                .hasMessageContaining(":nope");
    }
}
