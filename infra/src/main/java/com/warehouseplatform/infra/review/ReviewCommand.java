package com.warehouseplatform.infra.review;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar infra/target/review.jar CDK_OUT [--baseline OLD_CDK_OUT] [--allow-replacement LOGICAL_ID]...
 * [--allow-replacements-in FILE]}: writes the review of a synthesized cdk.out as Markdown to standard output.
 * With a baseline it runs the data-loss guard and exits with status 2 when a stateful resource would be deleted
 * or replaced (the blocked lines go to standard error too); status 1 means bad arguments or input; else 0. The
 * report's Control Tower section runs the bundled cfn-guard found from the current folder up (npm ci); it reports
 * the controls' results and does not change the exit status: bin/control-tower-check is the check that fails.
 */
public final class ReviewCommand {
    static final int OK = 0;
    static final int BAD_INPUT = 1;
    static final int BLOCKED = 2;

    private static final Pattern ALLOW_LINE = Pattern.compile("(?im)^\\s*allow-replacement:\\s*(\\S+)\\s*$");
    private static final String USAGE = """
            usage: java -jar infra/target/review.jar CDK_OUT [--baseline OLD_CDK_OUT]
                          [--allow-replacement LOGICAL_ID]... [--allow-replacements-in FILE]

            Writes a Markdown review of the synthesized CDK_OUT to standard output. With --baseline, compares it
            with OLD_CDK_OUT and exits with status 2 when a stateful resource would be deleted or replaced.
              --allow-replacement ID     allow the removal or replacement of ID (a logical id, stack/logical-id,
                                         or a pattern with *); repeatable
              --allow-replacements-in F  read more from the lines "Allow-Replacement: ID" of the text file F
                                         (a pull request description, a commit message)
            """;

    /** The parsed command line. */
    record Options(Path cdkOut, Path baseline, List<String> allowed) {}

    private ReviewCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (ReviewException e) {
            err.println("review: " + e.getMessage());
            err.print(USAGE);
            return BAD_INPUT;
        }
        if (options == null) {
            out.print(USAGE);
            return OK;
        }
        try {
            CloudAssembly current = CloudAssembly.read(options.cdkOut());
            ReplacementRules rules = ReplacementRules.load();
            ReviewReport.Comparison comparison = null;
            if (options.baseline() != null) {
                CloudAssembly baseline = CloudAssembly.read(options.baseline());
                TemplateDiff diff = TemplateDiff.between(baseline, current);
                comparison = new ReviewReport.Comparison(
                        baseline, diff, new DataLossGuard(rules, options.allowed()).check(diff));
            }
            out.print(ReviewReport.render(
                    current, comparison, rules, CostEstimate.load(), ControlTowerSection.of(options.cdkOut())));
            out.flush();
            if (comparison != null && !comparison.guard().safe()) {
                err.println("review: BLOCKED, stateful resources would be deleted or replaced:");
                comparison.guard().blocked().forEach(f -> err.println("  " + f.line()));
                err.println("review: allow an intended replacement with --allow-replacement LOGICAL_ID");
                return BLOCKED;
            }
            return OK;
        } catch (ReviewException e) {
            err.println("review: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    /** The options, or null when help was asked for. */
    static Options parse(String[] args) {
        Path cdkOut = null;
        Path baseline = null;
        List<String> allowed = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--baseline" -> baseline = Path.of(value(args, ++i, arg));
                case "--allow-replacement" -> allowed.add(value(args, ++i, arg));
                case "--allow-replacements-in" -> allowed.addAll(allowedIn(Path.of(value(args, ++i, arg))));
                default -> {
                    if (arg.startsWith("-")) {
                        throw new ReviewException("unknown option " + arg);
                    }
                    if (cdkOut != null) {
                        throw new ReviewException("one CDK_OUT only, got " + cdkOut + " and " + arg);
                    }
                    cdkOut = Path.of(arg);
                }
            }
        }
        if (cdkOut == null) {
            throw new ReviewException("CDK_OUT is missing");
        }
        return new Options(cdkOut, baseline, List.copyOf(allowed));
    }

    /** The logical ids of the lines {@code Allow-Replacement: ID} of a text file; none when the file is missing. */
    static List<String> allowedIn(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            Matcher matcher = ALLOW_LINE.matcher(Files.readString(file, StandardCharsets.UTF_8));
            List<String> ids = new ArrayList<>();
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
            return ids;
        } catch (IOException e) {
            throw new ReviewException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new ReviewException(option + " needs a value");
        }
        return args[index];
    }
}
