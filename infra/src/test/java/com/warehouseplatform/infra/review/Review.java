package com.warehouseplatform.infra.review;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of the review command as the CLI runs it: exit status, the Markdown and the error lines. */
record Review(int status, String markdown, String errors) {

    static Review of(Path cdkOut, String... options) {
        List<String> args = new ArrayList<>(List.of(cdkOut.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReviewCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Review(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Review against(Path baseline, Path cdkOut, String... options) {
        List<String> args = new ArrayList<>(List.of("--baseline", baseline.toString()));
        args.addAll(List.of(options));
        return of(cdkOut, args.toArray(String[]::new));
    }

    /** The lines of the Markdown that contain {@code text}. */
    List<String> lines(String text) {
        return markdown.lines().filter(l -> l.contains(text)).toList();
    }
}
