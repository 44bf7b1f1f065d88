package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Long values are shortened around their difference; short ones are left alone. */
class ShortTextTest {
    @Test
    void keepsShortValuesAsTheyAre() {
        assertThat(ShortText.difference("3", "5", 80)).containsExactly("3", "5");
    }

    @Test
    void elidesTheCommonPrefixAndSuffixOfLongValues() {
        String common = "arn:aws:s3:::prod-raw-example/".repeat(5);
        String[] shown = ShortText.difference(common + "orders/*" + common, common + "events/*" + common, 60);

        assertThat(shown[0]).startsWith("…").endsWith("…").contains("orders/*").hasSizeLessThanOrEqualTo(60);
        assertThat(shown[1]).startsWith("…").endsWith("…").contains("events/*").hasSizeLessThanOrEqualTo(60);
    }

    @Test
    void elidesTheMiddleOfOneLongValue() {
        String shown = ShortText.elide("a".repeat(50) + "b".repeat(50), 21);

        assertThat(shown).isEqualTo("a".repeat(10) + "…" + "b".repeat(10));
    }
}
