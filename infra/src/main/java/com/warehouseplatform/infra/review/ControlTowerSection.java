package com.warehouseplatform.infra.review;

import com.warehouseplatform.infra.controls.CfnGuard;
import com.warehouseplatform.infra.controls.Control;
import com.warehouseplatform.infra.controls.ControlCheck;
import com.warehouseplatform.infra.controls.ControlException;
import com.warehouseplatform.infra.controls.ControlResult;
import com.warehouseplatform.infra.controls.ControlRules;
import com.warehouseplatform.infra.controls.ControlStatus;
import com.warehouseplatform.infra.controls.StaleAcknowledgment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The review's section "Control Tower proactive controls": the controls check ({@code bin/control-tower-check}) over
 * the synth, as a summary per control (resources that pass, are acknowledged, fail) and a table of the failing and
 * acknowledged resources with the fix or the reason. When cfn-guard cannot run (no {@code npm ci}), the section
 * says so instead of failing the review.
 */
final class ControlTowerSection {
    private final ControlCheck.Result result;
    private final String notRun;

    private ControlTowerSection(ControlCheck.Result result, String notRun) {
        this.result = result;
        this.notRun = notRun;
    }

    /** Runs the controls over {@code cdkOut} with the cfn-guard found from the current folder up. */
    static ControlTowerSection of(Path cdkOut) {
        try {
            return new ControlTowerSection(new ControlCheck(CfnGuard.locate(Path.of(""))).check(List.of(cdkOut)), null);
        } catch (ControlException e) {
            return notRun(e.getMessage());
        }
    }

    static ControlTowerSection notRun(String why) {
        return new ControlTowerSection(null, why);
    }

    private long count(ControlStatus status) {
        return result.results().stream().filter(r -> r.status() == status).count();
    }

    /** The line of the review's summary. */
    String summary() {
        if (result == null) {
            return "Control Tower proactive controls: not run (" + notRun + ")";
        }
        long failed = count(ControlStatus.FAIL);
        String stale = result.stale().isEmpty()
                ? ""
                : ", " + Markdown.bold(result.stale().size() + " stale acknowledgments");
        return "Control Tower proactive controls: "
                + (failed == 0 ? "no unacknowledged finding" : Markdown.bold(failed + " unacknowledged findings"))
                + ", " + count(ControlStatus.ACKNOWLEDGED) + " acknowledged, " + count(ControlStatus.PASS)
                + " passed" + stale;
    }

    void appendTo(Markdown md) {
        md.heading(2, "Control Tower proactive controls");
        if (result == null) {
            md.paragraph("Not run: " + notRun + ".");
            return;
        }
        Map<String, List<ControlResult>> byControl = new TreeMap<>(ControlRules.BY_NUMBER);
        result.results()
                .forEach(r -> byControl
                        .computeIfAbsent(r.control().id(), k -> new ArrayList<>())
                        .add(r));
        md.paragraph(
                "cfn-guard with the AWS Control Tower rules of @cdklabs/cdk-validator-cfnguard over every template: "
                        + byControl.size() + " controls evaluate resources of this synth; "
                        + summary().replaceFirst("^Control Tower proactive controls: ", "")
                        + ". An acknowledgment records a decision in the template (the resource's Metadata.ControlTower);"
                        + " an organization that enables that control still has its deploy refused, and must decide.");
        List<List<String>> summaryRows = new ArrayList<>();
        byControl.forEach((id, results) -> {
            Control control = results.get(0).control();
            summaryRows.add(List.of(
                    Markdown.code(id),
                    control.description(),
                    String.valueOf(results.stream()
                            .filter(r -> r.status() == ControlStatus.PASS)
                            .count()),
                    String.valueOf(results.stream()
                            .filter(r -> r.status() == ControlStatus.ACKNOWLEDGED)
                            .count()),
                    failed(results.stream()
                            .filter(r -> r.status() == ControlStatus.FAIL)
                            .count())));
        });
        md.fittedTable(List.of("control", "description", "pass", "acknowledged", "fail"), summaryRows);

        List<List<String>> rows = new ArrayList<>();
        byControl.forEach((id, results) -> results.stream()
                .filter(r -> r.status() != ControlStatus.PASS)
                .forEach(r -> rows.add(List.of(
                        Markdown.code(id),
                        r.stack(),
                        Markdown.code(r.logicalId()),
                        r.type(),
                        r.status() == ControlStatus.FAIL ? Markdown.bold("FAIL") : "acknowledged",
                        r.status() == ControlStatus.FAIL ? "fix below" : r.reason()))));
        if (rows.isEmpty()) {
            md.paragraph("Every evaluated resource passes every control.");
        } else {
            md.paragraph("The resources that fail a control or acknowledge it:");
            md.fittedTable(List.of("control", "stack", "resource", "type", "result", "fix or reason"), rows);
            // each failing control's fix once, not once per resource
            byControl.forEach((id, results) -> results.stream()
                    .filter(r -> r.status() == ControlStatus.FAIL)
                    .findFirst()
                    .ifPresent(r -> md.fittedBullet(
                            Markdown.code(id) + " fix: " + r.control().fix())));
        }
        if (!result.stale().isEmpty()) {
            md.paragraph(Markdown.bold("Stale acknowledgments") + " (they acknowledge nothing; remove them):");
            result.stale().stream().map(StaleAcknowledgment::line).forEach(md::fittedBullet);
        }
    }

    private static String failed(long count) {
        return count == 0 ? "0" : Markdown.bold(String.valueOf(count));
    }
}
