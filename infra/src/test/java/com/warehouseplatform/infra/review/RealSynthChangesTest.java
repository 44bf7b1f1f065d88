package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.WarehousePlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * The changes of a real dev synth against the synth of dev with an edited config/dev.yaml: a longer snapshot
 * retention, a wider allowed CIDR and one more loader. The review shows the old and new values, the added IAM
 * statements and the widened ingress rule, and its changed resources are the ones {@code cdk diff} finds.
 */
class RealSynthChangesTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path CDK = REPO.resolve("node_modules/.bin/cdk");
    private static final Pattern CDK_DIFF_RESOURCE =
            Pattern.compile("^\\[([~+\\-])] ((?:AWS|Custom)::\\S+) .*?(\\S+)\\s*(?:replace)?$");
    private static Path baseline;
    private static Path changed;

    @BeforeAll
    static void synthesize() {
        String dev = Platforms.read("dev");
        String edited = dev.replace("snapshotRetentionDays: 1", "snapshotRetentionDays: 5")
                        .replace("allowedCidrs: [10.30.0.0/16]", "allowedCidrs: [10.0.0.0/8]")
                + """
                  - name: clicks
                    table: web.clicks
                    source: clicks/
                    format: {type: json}
                    schedule: "rate(10 minutes)"
                    mode: append
                    freshnessHours: 2
                """;
        assertThat(edited).contains("snapshotRetentionDays: 5").contains("allowedCidrs: [10.0.0.0/8]");
        baseline = synth(dev, "config/dev.yaml");
        changed = synth(edited, "config/dev.yaml (edited)");
    }

    @AfterAll
    static void removeSynths() {
        delete(baseline);
        delete(changed);
    }

    private static Path synth(String yaml, String source) {
        App app = WarehousePlatform.newApp(Map.of());
        WarehousePlatform.build(app, ConfigLoader.parse(yaml, source, "dev"));
        return Path.of(app.synth().getDirectory());
    }

    @Test
    void showsOldAndNewValuesAddedStatementsAndTheWidenedRule() {
        Review review = Review.against(baseline, changed);

        assertThat(review.status()).as(review.errors()).isZero();
        assertThat(review.lines("  - `AutomatedSnapshotRetentionPeriod`: `1` -> `5`"))
                .hasSize(1);
        assertThat(review.lines("| + | dev-loaders |"))
                .as("added IAM statements of the new loader")
                .anyMatch(line -> line.contains("Loaderclicks"));
        assertThat(review.lines(
                        "| ingress | tcp | 5440 | `10.0.0.0/8` | **" + SecurityGroupRuleChanges.WIDENED + "** |"))
                .singleElement()
                .asString()
                .startsWith("| + | dev-");
        assertThat(review.lines("| ingress | tcp | 5440 | `10.30.0.0/16` |  |"))
                .singleElement()
                .asString()
                .startsWith("| - |");
        assertThat(ReviewText.changeSections(review.markdown()).lines())
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(Markdown.MAX_LINE));
    }

    @Test
    void changesTheSameResourcesAsCdkDiff() throws Exception {
        assertThat(CDK)
                .as("node_modules/.bin/cdk (run npm ci --no-audit --no-fund in the repository root)")
                .isExecutable();
        CloudAssembly before = CloudAssembly.read(baseline);
        TemplateDiff diff = TemplateDiff.between(before, CloudAssembly.read(changed));
        int stacksCompared = 0;
        for (StackTemplate stack : before.stacks()) {
            Set<String> review = new TreeSet<>();
            diff.stack(stack.name()).ifPresent(s -> {
                s.added().forEach(r -> review.add("+ " + r.logicalId()));
                s.removed().forEach(r -> review.add("- " + r.logicalId()));
                s.modified().forEach(m -> review.add("~ " + m.after().logicalId()));
            });
            assertThat(cdkDiff(stack.name())).as("cdk diff of " + stack.name()).isEqualTo(review);
            stacksCompared++;
        }
        assertThat(stacksCompared).isGreaterThan(1);
        assertThat(diff.isEmpty()).isFalse();
    }

    /** {@code cdk diff --app CHANGED --template BASELINE STACK}: its resource lines as "~ LogicalId", "+ ...", "- ...". */
    private static Set<String> cdkDiff(String stack) throws IOException, InterruptedException {
        Path output = Files.createTempFile("cdk-diff", ".txt");
        try {
            Process process = new ProcessBuilder(
                            CDK.toString(),
                            "diff",
                            "--app",
                            changed.toString(),
                            "--template",
                            baseline.resolve(stack + ".template.json").toString(),
                            "--no-color",
                            "--exclusively",
                            stack)
                    .directory(REPO.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            assertThat(process.waitFor(180, TimeUnit.SECONDS))
                    .as("cdk diff of " + stack + " finishes")
                    .isTrue();
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            assertThat(lines).as("cdk diff output of " + stack).anyMatch(l -> l.startsWith("Stack " + stack));
            Set<String> resources = new TreeSet<>();
            for (String line : lines) {
                Matcher m = CDK_DIFF_RESOURCE.matcher(line.strip());
                if (m.matches()) {
                    resources.add(m.group(1) + " " + m.group(3));
                }
            }
            return resources;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void delete(Path directory) {
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
