package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitHub Actions workflows, parsed: the pull request job builds, synthesizes, synthesizes the target branch
 * and writes the review to the job summary; the deploy jobs deploy dev then prod (prod in the environment
 * "prod"), with OIDC credentials only and the data-loss guard before each deploy.
 */
class WorkflowTest {
    private static final Path WORKFLOWS = Path.of("..", ".github", "workflows");
    private static final YAMLMapper YAML = new YAMLMapper();

    private static JsonNode workflow(String file) throws IOException {
        return YAML.readTree(WORKFLOWS.resolve(file).toFile());
    }

    private static List<JsonNode> steps(JsonNode job) {
        List<JsonNode> steps = new ArrayList<>();
        job.path("steps").forEach(steps::add);
        return steps;
    }

    private static int index(List<JsonNode> steps, Predicate<JsonNode> step, String what) {
        OptionalInt found = IntStream.range(0, steps.size()).filter(i -> step.test(steps.get(i))).findFirst();
        assertThat(found).as("a step that " + what).isPresent();
        return found.getAsInt();
    }

    private static Predicate<JsonNode> runs(String... parts) {
        return step -> Stream.of(parts).allMatch(part -> step.path("run").asText().contains(part));
    }

    private static Predicate<JsonNode> uses(String action) {
        return step -> step.path("uses").asText().startsWith(action + "@");
    }

    @Test
    void pullRequestsBuildSynthAndReviewAgainstTheTargetBranch() throws IOException {
        JsonNode ci = workflow("ci.yml");
        assertThat(ci.path("on").has("pull_request")).as("runs on pull_request").isTrue();
        JsonNode job = ci.path("jobs").path("review");
        List<JsonNode> steps = steps(job);

        int java = index(steps, uses("actions/setup-java"), "sets up Java");
        assertThat(steps.get(java).path("with").path("distribution").asText()).isEqualTo("temurin");
        assertThat(steps.get(java).path("with").path("java-version").asText()).isEqualTo("17");
        int node = index(steps, uses("actions/setup-node"), "sets up Node");
        assertThat(steps.get(node).path("with").path("node-version").asText()).isEqualTo("20");
        int npm = index(steps, runs("npm ci"), "runs npm ci");
        int verify = index(steps, runs("mvn -B verify"), "runs mvn -B verify");
        int synth = index(steps, runs("config/*.yaml", "npx cdk synth", "synth/$env_name"), "synthesizes every environment");
        int base = index(steps, s -> uses("actions/checkout").test(s)
                && s.path("with").path("ref").asText().equals("${{ github.base_ref }}")
                && !s.path("with").path("path").asText().isEmpty(), "checks out the target branch into a folder");
        int baseline = index(steps, runs("npx cdk synth", "../baseline/"), "synthesizes the target branch");
        assertThat(steps.get(baseline).path("working-directory").asText())
                .isEqualTo(steps.get(base).path("with").path("path").asText());
        int review = index(steps, runs("java -jar infra/target/review.jar", "--baseline", "$GITHUB_STEP_SUMMARY"),
                "reviews against the baseline into the job summary");
        assertThat(List.of(npm, verify, synth, baseline)).allMatch(i -> i < review);
        assertThat(npm).isLessThan(verify);
        assertThat(steps.get(review).path("run").asText()).contains("exit \"$status\"");
    }

    @Test
    void pushesToMainDeployDevThenProdBehindTheProdEnvironment() throws IOException {
        JsonNode deploy = workflow("deploy.yml");
        assertThat(deploy.path("on").path("push").path("branches")).extracting(JsonNode::asText).contains("main");
        JsonNode jobs = deploy.path("jobs");
        assertThat(index(steps(jobs.path("build")), runs("mvn -B verify"), "builds and tests")).isNotNegative();

        JsonNode prod = jobs.path("deploy-prod");
        assertThat(prod.path("environment").isTextual() ? prod.path("environment").asText()
                : prod.path("environment").path("name").asText()).isEqualTo("prod");
        assertThat(Json.list(prod.path("needs"))).extracting(JsonNode::asText).contains("deploy-dev");
        assertThat(Json.list(jobs.path("deploy-dev").path("needs"))).extracting(JsonNode::asText).contains("build");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deploy-dev", "deploy-prod"})
    void eachDeployUsesOidcAndRunsTheGuardFirst(String jobName) throws IOException {
        JsonNode job = workflow("deploy.yml").path("jobs").path(jobName);
        assertThat(job.path("permissions").path("id-token").asText()).isEqualTo("write");
        List<JsonNode> steps = steps(job);

        int credentials = index(steps, uses("aws-actions/configure-aws-credentials"), "gets AWS credentials");
        assertThat(steps.get(credentials).path("with").path("role-to-assume").asText())
                .isEqualTo("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
        assertThat(steps.get(credentials).path("with").has("aws-access-key-id")).isFalse();
        int guard = index(steps, runs("review.jar", "--baseline", "$GITHUB_STEP_SUMMARY"),
                "reviews against the deployed synth");
        int deploy = index(steps, runs("npx cdk deploy"), "deploys");
        assertThat(guard).as("the guard runs before the deploy").isLessThan(deploy);
        assertThat(credentials).isLessThan(deploy);
        String env = jobName.substring("deploy-".length());
        assertThat(job.path("env").path("ENV_NAME").asText()).isEqualTo(env);
        assertThat(steps.get(deploy).path("run").asText()).contains("--app \"artifacts/synth-$ENV_NAME\"");
        assertThat(steps.subList(deploy + 1, steps.size())).anyMatch(s -> uses("actions/upload-artifact").test(s)
                && s.path("with").path("name").asText().equals("deployed-" + env));
    }

    @Test
    void noWorkflowHoldsAccessKeysAndEveryActionIsPinned() throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(WORKFLOWS)) {
            files = list.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("ci.yml", "deploy.yml");
        for (Path file : files) {
            String text = Files.readString(file).toLowerCase();
            assertThat(text).as(file.toString()).doesNotContain("aws-access-key-id")
                    .doesNotContain("aws-secret-access-key").doesNotContain("aws_access_key_id")
                    .doesNotContain("aws_secret_access_key");
            workflowUses(YAML.readTree(file.toFile())).forEach(action -> assertThat(action).as(file + ": " + action)
                    .matches(".+@(v\\d+(\\.\\d+)*|[0-9a-f]{40})"));
        }
    }

    private static List<String> workflowUses(JsonNode workflow) {
        List<String> actions = new ArrayList<>();
        workflow.path("jobs").forEach(job -> job.path("steps").forEach(step -> {
            if (step.has("uses")) {
                actions.add(step.path("uses").asText());
            }
        }));
        return actions;
    }
}
