package com.warehouseplatform.infra.review;

/**
 * Long values made short enough for a review line: a single value keeps its start and end, a pair of old and
 * new values keeps the part where they differ and elides what they have in common with {@code …}.
 */
final class ShortText {
    static final String ELLIPSIS = "…";
    /** Characters kept on each side of the difference of two values. */
    private static final int CONTEXT = 12;

    private ShortText() {}

    /** {@code text} if it fits in {@code max} characters, else its start and end around {@code …}. */
    static String elide(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int head = (max - 1) / 2;
        int tail = max - 1 - head;
        return text.substring(0, head) + ELLIPSIS + text.substring(text.length() - tail);
    }

    /** The old and new value, each at most {@code max} characters, with the difference between them visible. */
    static String[] difference(String before, String after, int max) {
        if (before.length() <= max && after.length() <= max) {
            return new String[] {before, after};
        }
        int shorter = Math.min(before.length(), after.length());
        int prefix = 0;
        while (prefix < shorter && before.charAt(prefix) == after.charAt(prefix)) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < shorter - prefix
                && before.charAt(before.length() - 1 - suffix) == after.charAt(after.length() - 1 - suffix)) {
            suffix++;
        }
        return new String[] {around(before, prefix, suffix, max), around(after, prefix, suffix, max)};
    }

    private static String around(String text, int prefix, int suffix, int max) {
        if (text.length() <= max) {
            return text;
        }
        int start = Math.max(0, prefix - CONTEXT);
        int end = Math.min(text.length(), text.length() - suffix + CONTEXT);
        String shown = (start > 0 ? ELLIPSIS : "") + text.substring(start, end) + (end < text.length() ? ELLIPSIS : "");
        return elide(shown, max);
    }
}
