package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.WarehousePlatform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;

/**
 * The review of the real dev and prod synths, built here with WarehousePlatform: it lists every stateful
 * resource of their templates, matches every wildcard of their identity policies to a cdk-nag acknowledgment,
 * and the guard blocks a real database rename of prod.
 */
class RealSynthReviewTest {
    /** The stateful types of the issue, written out here so that the test does not trust the review's own table. */
    private static final Set<String> STATEFUL = Set.of(
            "AWS::Redshift::Cluster",
            "AWS::RedshiftServerless::Namespace",
            "AWS::RedshiftServerless::Workgroup",
            "AWS::S3::Bucket",
            "AWS::KMS::Key",
            "AWS::SecretsManager::Secret",
            "AWS::SQS::Queue",
            "AWS::Logs::LogGroup");

    private static final Map<String, Path> SYNTHS = new HashMap<>();

    @BeforeAll
    static void synthesize() {
        SYNTHS.put("dev", synth(ConfigLoader.load(Platforms.CONFIG, "dev")));
        SYNTHS.put("prod", synth(ConfigLoader.load(Platforms.CONFIG, "prod")));
    }

    @AfterAll
    static void removeSynths() {
        SYNTHS.values().forEach(RealSynthReviewTest::delete);
    }

    private static Path synth(EnvironmentConfig config) {
        App app = WarehousePlatform.newApp(Map.of());
        WarehousePlatform.build(app, config);
        return Path.of(app.synth().getDirectory());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void listsEveryStatefulResourceOfTheTemplates(String env) {
        Review review = Review.of(SYNTHS.get(env));
        assertThat(review.status()).isZero();

        List<String> expectedRows = new ArrayList<>();
        for (Map.Entry<String, JsonNode> template : templates(SYNTHS.get(env)).entrySet()) {
            template.getValue().path("Resources").properties().forEach(r -> {
                String type = r.getValue().path("Type").asText();
                if (STATEFUL.contains(type)) {
                    expectedRows.add("| " + template.getKey() + " | `" + r.getKey() + "` | " + type + " |");
                }
            });
        }
        assertThat(expectedRows)
                .as("stateful resources in the " + env + " templates")
                .anyMatch(row -> row.contains("AWS::Redshift::Cluster"))
                .anyMatch(row -> row.contains("AWS::S3::Bucket"));
        String stateful = section(review.markdown(), "## Stateful resources");
        for (String row : expectedRows) {
            assertThat(stateful).as(env + " review lists " + row).contains(row);
        }
        assertThat(stateful).contains(expectedRows.size() + " resources hold data");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void everyWildcardOfAnIdentityPolicyHasItsAcknowledgment(String env) {
        Review review = Review.of(SYNTHS.get(env));
        String iam = section(review.markdown(), "## IAM permissions");

        int wildcards = 0;
        for (JsonNode template : templates(SYNTHS.get(env)).values()) {
            for (JsonNode resource : template.path("Resources")) {
                for (JsonNode document : identityPolicies(resource)) {
                    for (JsonNode statement : Json.list(document.path("Statement"))) {
                        if ("Allow".equals(statement.path("Effect").asText())) {
                            wildcards += (int) Stream.concat(
                                            Json.list(statement.path("Action")).stream()
                                                    .map(JsonNode::asText),
                                            Json.list(statement.path("Resource")).stream()
                                                    .map(JsonNode::toString))
                                    .filter(text -> text.contains("*"))
                                    .count();
                        }
                    }
                }
            }
        }
        assertThat(wildcards).as("wildcards in the identity policies of " + env).isPositive();
        assertThat(iam).doesNotContain(IamPermissions.UNACKNOWLEDGED);
        assertThat(count(iam, "acknowledged `AwsSolutions-IAM5["))
                .as("wildcards matched to an acknowledgment")
                .isEqualTo(wildcards);
        assertThat(review.markdown()).contains("no unacknowledged wildcard");
    }

    /** Each loader of the real synth has its own COPY role, reading its own prefix and manifests; none is shared. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dev", "prod"})
    void showsEachLoadersOwnCopyRoleAndNoSharedOne(String env) {
        Review review = Review.of(SYNTHS.get(env));
        String iam = section(review.markdown(), "## IAM permissions");
        EnvironmentConfig config = ConfigLoader.load(Platforms.CONFIG, env);

        assertThat(iam)
                .contains("### COPY roles")
                .doesNotContain("**" + CopyRoles.SHARED + "**")
                .contains(config.loaders().size() + " roles the warehouse may assume for COPY. Each serves one loader");
        for (var loader : config.loaders()) {
            assertThat(review.lines(
                            "| `" + env + "-data-lake/CopyRole" + loader.name().replace("-", "")))
                    .as("the COPY role of " + loader.name())
                    .singleElement()
                    .asString()
                    .contains("| redshift-serverless.amazonaws.com, redshift.amazonaws.com | `" + loader.name()
                            + "` | `" + loader.source() + "*`, `manifests/" + loader.name() + "/*` | `" + loader.name()
                            + "` |  |");
        }
        assertThat(review.markdown()).contains(config.loaders().size() + " COPY roles, none shared by loaders");
    }

    /** The review of prod runs the Control Tower controls: a summary per control, then what fails or is acknowledged. */
    @Test
    void prodListsTheControlTowerControlsWithTheirResultsAndAcknowledgments() {
        Review review = Review.of(SYNTHS.get("prod"));
        String controls = section(review.markdown(), "## Control Tower proactive controls");

        List<String> buckets = new ArrayList<>();
        templates(SYNTHS.get("prod"))
                .forEach((stack, template) -> template.path("Resources")
                        .properties()
                        .forEach(r -> {
                            if (r.getValue().path("Type").asText().equals("AWS::S3::Bucket")) {
                                buckets.add(r.getKey());
                            }
                        }));
        assertThat(buckets).hasSize(5);
        assertThat(review.markdown()).contains("- Control Tower proactive controls: ");
        assertThat(controls)
                .contains("controls evaluate resources of this synth")
                .contains("an organization that enables that control still has its deploy refused")
                .contains("| control | description | pass | acknowledged | fail |")
                // Object Lock: acknowledged on every bucket, none passes or fails
                .contains("| `CT.S3.PR.9` | Require that an Amazon S3 bucket has S3 Object Lock activated | 0 | "
                        + buckets.size() + " | 0 |")
                // versioning: every bucket passes
                .containsPattern("\\| `CT.S3.PR.11` \\| Require an Amazon S3 bucket to have versioning enabled"
                        + "[^|]*\\| " + buckets.size() + " \\| 0 \\| 0 \\|")
                .contains("| control | stack | resource | type | result | fix or reason |");
        assertThat(review.lines("| `CT.S3.PR.10` | prod-data-lake | `DataLakeAccessLogs"))
                .singleElement()
                .asString()
                .contains("| AWS::S3::Bucket | acknowledged |");
        // long reasons move to numbered notes under the table, so that rows stay readable
        assertThat(controls)
                .contains("fix or reason: S3 server access logging delivers to destination buckets with SSE-S3");
        for (String bucket : buckets) {
            assertThat(review.lines("| `CT.S3.PR.9` | prod-data-lake | `" + bucket + "` |"))
                    .as("the Object Lock acknowledgment of " + bucket)
                    .singleElement()
                    .asString()
                    .contains("| acknowledged |");
        }
    }

    @Test
    void prodAgainstItselfChangesNothing() {
        Review review = Review.against(SYNTHS.get("prod"), SYNTHS.get("prod"));

        assertThat(review.status()).isZero();
        assertThat(review.markdown())
                .contains("Data-loss guard: passed (0 allowed, 0 warnings)")
                .contains("No resource is added, removed or modified.")
                .contains("unknown: prices.json has no price of ra3.xlplus in eu-west-1")
                .as("the cost section names the warehouse's region, not the DR stack's, which holds no warehouse")
                .contains("Prices for eu-west-1")
                .doesNotContain("Prices for eu-central-1")
                .doesNotContain("for the region eu-central-1");
    }

    @Test
    void aDatabaseRenameOfProdIsBlocked() {
        String renamed = Platforms.read("prod").replace("databaseName: analytics", "databaseName: sales");
        assertThat(renamed).contains("databaseName: sales");
        Path variant = synth(ConfigLoader.parse(renamed, "config/prod.yaml (database renamed)", "prod"));
        try {
            Review review = Review.against(SYNTHS.get("prod"), variant);

            assertThat(review.status()).isEqualTo(2);
            assertThat(review.errors())
                    .containsPattern(
                            "prod-warehouse/\\w+ \\(AWS::Redshift::Cluster\\) DBName: changes \"analytics\" -> \"sales\"");
            assertThat(review.markdown()).contains("**BLOCKED**");
        } finally {
            delete(variant);
        }
    }

    private static List<JsonNode> identityPolicies(JsonNode resource) {
        String type = resource.path("Type").asText();
        JsonNode properties = resource.path("Properties");
        List<JsonNode> documents = new ArrayList<>();
        if (type.equals("AWS::IAM::Policy") || type.equals("AWS::IAM::ManagedPolicy")) {
            documents.add(properties.path("PolicyDocument"));
        } else if (type.equals("AWS::IAM::Role")) {
            Json.list(properties.path("Policies")).forEach(p -> documents.add(p.path("PolicyDocument")));
        }
        return documents;
    }

    /** Stack name to template of every {@code *.template.json} of a cdk.out. */
    private static Map<String, JsonNode> templates(Path cdkOut) {
        Map<String, JsonNode> templates = new HashMap<>();
        try (Stream<Path> files = Files.list(cdkOut)) {
            files.filter(f -> f.getFileName().toString().endsWith(".template.json"))
                    .forEach(
                            f -> templates.put(f.getFileName().toString().replace(".template.json", ""), Json.read(f)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return templates;
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading + "\n");
        assertThat(start).as("section " + heading).isNotNegative();
        int end = markdown.indexOf("\n## ", start + heading.length());
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            count++;
        }
        return count;
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
