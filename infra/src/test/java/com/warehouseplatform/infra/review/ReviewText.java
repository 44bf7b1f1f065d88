package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

/** Parts of a review's Markdown. */
final class ReviewText {
    private ReviewText() {}

    /** The summary of changes and the changes in detail, the sections whose lines are kept within Markdown.MAX_LINE. */
    static String changeSections(String markdown) {
        return section(markdown, "## Summary of changes") + section(markdown, "## Changes");
    }

    static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading + "\n");
        assertThat(start).as("section " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length());
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }
}
