package com.warehouseplatform.infra.controls;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One run of the controls check as bin/control-tower-check runs it: exit status, output and error lines. */
record Check(int status, String out, String errors) {
    /** The repository root, where npm ci installs node_modules (tests run in infra/). */
    static final Path ROOT = Path.of("..");

    static Check of(Path... cdkOuts) {
        List<String> args = new ArrayList<>(List.of("--root", ROOT.toString()));
        for (Path cdkOut : cdkOuts) {
            args.add(cdkOut.toString());
        }
        return run(args.toArray(String[]::new));
    }

    static Check run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ControlCheckCommand.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Check(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
