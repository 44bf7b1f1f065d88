package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fitted bullets and tables keep every line within Markdown.MAX_LINE and lose no text. */
class MarkdownTest {
    @Test
    void movesTheLongCellsOfARowIntoNotesNumberedLeftToRight() {
        String resources = "`arn:aws:s3:::bucket/" + "a".repeat(170) + "`";
        String condition = "StringLike s3:prefix = " + "b".repeat(190);
        String markdown = new Markdown()
                .fittedTable(
                        List.of("actions", "resources", "condition"),
                        List.of(List.of("`s3:GetObject`", resources, condition)))
                .toString();

        assertThat(markdown.lines()).allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(Markdown.MAX_LINE));
        assertThat(markdown).contains("| `s3:GetObject` | see [1] | see [2] |");
        assertThat(markdown.replace("\n  ", " "))
                .as("the notes, unwrapped")
                .contains("- [1] resources: " + resources)
                .contains("- [2] condition: " + condition);
    }

    @Test
    void wrapsALongBulletAtSpacesIndentingTheRest() {
        String text = "word ".repeat(100).strip();
        String markdown = new Markdown().fittedBullet(text).toString();

        assertThat(markdown.lines())
                .hasSizeGreaterThan(1)
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(Markdown.MAX_LINE));
        assertThat(markdown.lines().skip(1)).allSatisfy(line -> assertThat(line).startsWith("  word"));
        assertThat(markdown.replace("\n  ", " ").strip()).isEqualTo("- " + text);
    }

    @Test
    void leavesARowThatFitsAsItIs() {
        String markdown = new Markdown()
                .fittedTable(List.of("a", "b"), List.of(List.of("1", "2")))
                .toString();

        assertThat(markdown).isEqualTo("| a | b |\n| --- | --- |\n| 1 | 2 |\n");
    }
}
