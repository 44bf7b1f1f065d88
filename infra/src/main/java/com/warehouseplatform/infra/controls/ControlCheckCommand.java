package com.warehouseplatform.infra.controls;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bin/control-tower-check [--root DIR] CDK_OUT...}: runs the AWS Control Tower proactive controls (the bundled
 * cfn-guard and rules of {@code @cdklabs/cdk-validator-cfnguard}) over every template of each cdk.out. Exits with 2
 * on a finding no acknowledgment on its resource accepts, or an acknowledgment that acknowledges nothing, printing
 * each with the control, its description, the stack, the logical id, the construct path and the control's fix;
 * 1 when the check cannot run; else 0.
 */
public final class ControlCheckCommand {
    static final int OK = 0;
    static final int BAD_INPUT = 1;
    static final int REFUSED = 2;

    private static final String USAGE = """
            usage: bin/control-tower-check [--root DIR] CDK_OUT...

            Runs the AWS Control Tower proactive controls over every *.template.json of each CDK_OUT and fails (2) on
            a finding that no acknowledgment on its resource accepts, or on an acknowledgment that acknowledges nothing.
              --root DIR   where node_modules/@cdklabs/cdk-validator-cfnguard is (default: the current folder or a parent)
            """;

    private ControlCheckCommand() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path root = Path.of("");
        List<Path> cdkOuts = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    out.print(USAGE);
                    return OK;
                }
                case "--root" -> {
                    if (i + 1 >= args.length) {
                        err.println("control-tower-check: --root needs a folder");
                        return BAD_INPUT;
                    }
                    root = Path.of(args[++i]);
                }
                default -> {
                    if (args[i].startsWith("-")) {
                        err.println("control-tower-check: unknown option " + args[i]);
                        err.print(USAGE);
                        return BAD_INPUT;
                    }
                    cdkOuts.add(Path.of(args[i]));
                }
            }
        }
        if (cdkOuts.isEmpty()) {
            err.println("control-tower-check: give at least one cdk.out folder");
            err.print(USAGE);
            return BAD_INPUT;
        }
        try {
            ControlCheck check = new ControlCheck(CfnGuard.locate(root));
            int status = OK;
            for (Path cdkOut : cdkOuts) {
                ControlCheck.Result result = check.check(List.of(cdkOut));
                print(cdkOut, result, out, err);
                if (!result.passed()) {
                    status = REFUSED;
                }
            }
            return status;
        } catch (ControlException e) {
            err.println("control-tower-check: " + e.getMessage());
            return BAD_INPUT;
        }
    }

    private static void print(Path cdkOut, ControlCheck.Result result, PrintStream out, PrintStream err) {
        Map<ControlStatus, Integer> counts = new TreeMap<>();
        result.results().forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        for (ControlResult failure : result.failures()) {
            Control control = failure.control();
            err.println("FAIL " + control.id() + ": " + control.description());
            err.println("  stack " + failure.stack() + ", resource " + failure.logicalId() + " (" + failure.type()
                    + "), construct " + (failure.constructPath() == null ? "(unknown)" : failure.constructPath()));
            err.println("  [FIX]: " + control.fix());
            err.println("  or, when the resource must stay as it is, acknowledge it in the construct that makes it:"
                    + " ControlAcknowledgments.acknowledge(resource, \"" + control.id() + "\", \"<the reason>\")");
        }
        result.stale().forEach(s -> err.println(s.line()));
        out.println("control-tower-check: " + cdkOut + ": "
                + counts.getOrDefault(ControlStatus.PASS, 0) + " passed, "
                + counts.getOrDefault(ControlStatus.ACKNOWLEDGED, 0) + " acknowledged, "
                + counts.getOrDefault(ControlStatus.FAIL, 0) + " failed (control x resource), "
                + result.stale().size() + " stale acknowledgments"
                + (result.passed() ? ": passed" : ": FAILED"));
    }
}
