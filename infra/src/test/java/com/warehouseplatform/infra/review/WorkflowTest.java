package com.warehouseplatform.infra.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.constructs.GitHubOidcDeployRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GitHub Actions workflows, parsed: the pull request job builds, synthesizes, synthesizes the target branch
 * and writes the review to the job summary; the deploy jobs deploy dev, staging, then prod, each only from main,
 * in the GitHub environment of its name, with OIDC credentials of that environment's role only and the data-loss
 * guard before each deploy. Every action is pinned by a full commit SHA; only deploy jobs may ask for an OIDC token.
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
        OptionalInt found = IntStream.range(0, steps.size())
                .filter(i -> step.test(steps.get(i)))
                .findFirst();
        assertThat(found).as("a step that " + what).isPresent();
        return found.getAsInt();
    }

    private static Predicate<JsonNode> runs(String... parts) {
        return step ->
                Stream.of(parts).allMatch(part -> step.path("run").asText().contains(part));
    }

    private static Predicate<JsonNode> uses(String action) {
        return step -> step.path("uses").asText().startsWith(action + "@");
    }

    @Test
    void pullRequestsBuildAndReviewAgainstTheTargetBranchWithTheScript() throws IOException {
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
        int checkout = index(steps, uses("actions/checkout"), "checks out the pull request");
        assertThat(steps.get(checkout).path("with").path("fetch-depth").asInt(-1))
                .as("every branch fetched, so that the target branch is there to review against")
                .isZero();
        index(
                steps,
                runs("npx cdk synth", "-c deployIdentity=true"),
                "synthesizes the deploy identity (cdk-nag on it)");
        int review = index(
                steps,
                runs(
                        "bin/review-change --base \"origin/$BASE_REF\"",
                        "--allow-replacements-in",
                        "$GITHUB_STEP_SUMMARY"),
                "reviews every environment against the target branch into the job summary");
        assertThat(steps.get(review).path("env").path("BASE_REF").asText()).isEqualTo("${{ github.base_ref }}");
        assertThat(List.of(npm, verify)).allMatch(i -> i < review);
        assertThat(npm).isLessThan(verify);
        assertThat(steps.get(review).path("run").asText())
                .contains("|| status=$?")
                .contains("exit \"$status\"");
        assertThat(Files.isExecutable(Path.of("..", "bin", "review-change")))
                .as("bin/review-change is executable")
                .isTrue();
    }

    /** The pull request check runs the Control Tower controls over every environment and the deploy identity. */
    @Test
    void pullRequestsRunTheControlTowerControlsOverEverySynth() throws IOException {
        List<JsonNode> steps = steps(workflow("ci.yml").path("jobs").path("review"));
        int verify = index(steps, runs("mvn -B verify"), "runs mvn -B verify");
        int identity = index(steps, runs("npx cdk synth", "-c deployIdentity=true"), "synthesizes the deploy identity");
        int controls = index(
                steps,
                runs(
                        "for file in config/*.yaml",
                        "npx cdk synth -q -c env=\"$env_name\" -o \"synth-$env_name\"",
                        "bin/control-tower-check \"${control_dirs[@]}\" synth-deploy-identity"),
                "synthesizes every environment of config/ and runs bin/control-tower-check over them");
        assertThat(steps.get(identity).path("run").asText()).contains("-o synth-deploy-identity");
        assertThat(List.of(verify, identity)).allMatch(i -> i < controls);
        // it runs even when the review step before it failed, but not after a failed build
        assertThat(steps.get(verify).path("id").asText()).isEqualTo("verify");
        assertThat(steps.get(controls).path("if").asText())
                .contains("!cancelled()")
                .contains("steps.verify.outcome == 'success'");
        assertThat(Files.isExecutable(Path.of("..", "bin", "control-tower-check")))
                .as("bin/control-tower-check is executable")
                .isTrue();
    }

    /** .ci/run, what CI runs on a fresh machine, runs the controls over every synth it makes. */
    @Test
    void ciRunRunsTheControlTowerControlsOverEverySynth() throws IOException {
        String run = Files.readString(Path.of("..", ".ci", "run"));
        int synths = run.indexOf("npx cdk synth -q -c deployIdentity=true -o cdk.out/deploy-identity");
        int controls = run.indexOf("bin/control-tower-check \"${control_dirs[@]}\" cdk.out/deploy-identity");
        assertThat(synths).as("the deploy identity synth").isPositive();
        assertThat(controls).as("the controls check over every synth").isGreaterThan(synths);
        assertThat(run)
                .contains(
                        "for file in config/*.yaml; do control_dirs+=(\"cdk.out/$(basename \"$file\" .yaml)\"); done");
    }

    /** The environments in config/ with a deployment section: each has a deploy job and a role. */
    static List<String> deployedEnvironments() {
        return ConfigLoader.loadAll(Platforms.CONFIG).stream()
                .filter(e -> e.deployment() != null)
                .map(EnvironmentConfig::name)
                .toList();
    }

    /** The jobs of deploy.yml that get AWS credentials, by name. */
    private static Map<String, JsonNode> deployJobs() throws IOException {
        Map<String, JsonNode> jobs = new java.util.TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it =
                        workflow("deploy.yml").path("jobs").fields();
                it.hasNext(); ) {
            Map.Entry<String, JsonNode> job = it.next();
            if (steps(job.getValue()).stream().anyMatch(uses("aws-actions/configure-aws-credentials"))) {
                jobs.put(job.getKey(), job.getValue());
            }
        }
        return jobs;
    }

    private static String environmentOf(JsonNode job) {
        return job.path("environment").isTextual()
                ? job.path("environment").asText()
                : job.path("environment").path("name").asText();
    }

    @Test
    void pushesToMainDeployDevThenStagingThenProdBehindTheProdEnvironment() throws IOException {
        JsonNode deploy = workflow("deploy.yml");
        assertThat(Json.list(deploy.path("on").path("push").path("branches")))
                .extracting(JsonNode::asText)
                .containsExactly("main");
        assertThat(deploy.path("on").size()).as("only pushes trigger deploys").isEqualTo(1);
        JsonNode jobs = deploy.path("jobs");
        assertThat(index(steps(jobs.path("build")), runs("mvn -B verify"), "builds and tests"))
                .isNotNegative();

        assertThat(environmentOf(jobs.path("deploy-prod"))).isEqualTo("prod");
        assertThat(Json.list(jobs.path("deploy-prod").path("needs")))
                .extracting(JsonNode::asText)
                .contains("deploy-staging");
        assertThat(Json.list(jobs.path("deploy-staging").path("needs")))
                .extracting(JsonNode::asText)
                .contains("deploy-dev");
        assertThat(Json.list(jobs.path("deploy-dev").path("needs")))
                .extracting(JsonNode::asText)
                .contains("build");
        assertThat(deployJobs().keySet())
                .as("one deploy job per environment in config/ with a deployment section")
                .containsExactlyInAnyOrderElementsOf(
                        deployedEnvironments().stream().map(e -> "deploy-" + e).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployedEnvironments")
    void eachDeployRunsOnlyFromMainInItsEnvironmentWithItsOwnRole(String env) throws IOException {
        JsonNode job = workflow("deploy.yml").path("jobs").path("deploy-" + env);
        assertThat(job.path("if").asText().replace(" ", ""))
                .as("deploys only from main")
                .contains("github.ref=='refs/heads/main'");
        assertThat(environmentOf(job))
                .as("the GitHub environment that makes the OIDC subject")
                .isEqualTo(env);
        assertThat(job.path("env").path("ENV_NAME").asText()).isEqualTo(env);
        List<JsonNode> credentials = steps(job).stream()
                .filter(uses("aws-actions/configure-aws-credentials"))
                .toList();
        assertThat(credentials).as("one credentials step").hasSize(1);
        String role = credentials.get(0).path("with").path("role-to-assume").asText();
        assertThat(role)
                .isEqualTo("arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/" + GitHubOidcDeployRole.roleName(env));
        assertThat(credentials.get(0).path("with").has("role-chaining")).isFalse();
        for (String other : deployedEnvironments()) {
            if (!other.equals(env)) {
                assertThat(job.toString())
                        .as(env + " never names the role of " + other)
                        .doesNotContain(GitHubOidcDeployRole.roleName(other) + "\"")
                        .doesNotContain(GitHubOidcDeployRole.roleName(other) + "\n");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("deployedEnvironments")
    void eachDeployUsesOidcAndRunsTheGuardFirst(String env) throws IOException {
        String jobName = "deploy-" + env;
        JsonNode job = workflow("deploy.yml").path("jobs").path(jobName);
        assertThat(job.path("permissions").path("id-token").asText()).isEqualTo("write");
        List<JsonNode> steps = steps(job);

        int credentials = index(steps, uses("aws-actions/configure-aws-credentials"), "gets AWS credentials");
        assertThat(steps.get(credentials).path("with").has("aws-access-key-id")).isFalse();
        int guard = index(
                steps, runs("review.jar", "--baseline", "$GITHUB_STEP_SUMMARY"), "reviews against the deployed synth");
        int deploy = index(steps, runs("npx cdk deploy"), "deploys");
        assertThat(guard).as("the guard runs before the deploy").isLessThan(deploy);
        assertThat(guard).as("the guard runs before any credential exists").isLessThan(credentials);
        assertThat(credentials).isLessThan(deploy);
        assertThat(steps.get(deploy).path("run").asText()).contains("--app \"artifacts/synth-$ENV_NAME\"");
        assertThat(steps.subList(deploy + 1, steps.size()))
                .anyMatch(s -> uses("actions/upload-artifact").test(s)
                        && s.path("with").path("name").asText().equals("deployed-" + env));
        assertThat(steps)
                .filteredOn(uses("actions/checkout"))
                .as("no token left in .git of a job with AWS credentials")
                .allMatch(
                        s -> s.path("with").path("persist-credentials").asText().equals("false"));
    }

    /** Permissions are given per job, least first: contents read everywhere, actions read to fetch artifacts, and
     * id-token write only in the jobs that exchange it for AWS credentials. */
    @Test
    void permissionsAreMinimalPerJobAndOnlyDeployJobsMayAskForAnOidcToken() throws IOException {
        for (Path file : workflowFiles()) {
            JsonNode workflow = YAML.readTree(file.toFile());
            assertThat(workflow.has("permissions"))
                    .as(file + ": top-level permissions are set")
                    .isTrue();
            assertThat(workflow.path("permissions").has("id-token"))
                    .as(file + ": no OIDC token for every job")
                    .isFalse();
            assertThat(workflow.path("permissions").toString())
                    .as(file.toString())
                    .doesNotContain("write");
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            workflow.path("jobs").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> job = it.next();
                JsonNode permissions = job.getValue().path("permissions");
                boolean getsCredentials =
                        steps(job.getValue()).stream().anyMatch(uses("aws-actions/configure-aws-credentials"));
                assertThat(permissions.path("id-token").asText().equals("write"))
                        .as(file + " " + job.getKey() + ": id-token write exactly where AWS credentials are made")
                        .isEqualTo(getsCredentials);
                for (Iterator<Map.Entry<String, JsonNode>> p = permissions.fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> permission = p.next();
                    String grant =
                            permission.getKey() + ": " + permission.getValue().asText();
                    assertThat(grant)
                            .as(file + " " + job.getKey())
                            .isIn("contents: read", "actions: read", "id-token: write");
                }
            }
        }
        JsonNode deploy = workflow("deploy.yml");
        assertThat(deploy.path("permissions").isObject()
                        && deploy.path("permissions").isEmpty())
                .as("deploy.yml gives nothing by default")
                .isTrue();
        deploy.path("jobs")
                .fields()
                .forEachRemaining(job -> assertThat(job.getValue().has("permissions"))
                        .as(job.getKey() + " says what it needs")
                        .isTrue());
    }

    /** Every action is pinned by a full commit SHA with its version in a comment: a tag can be moved, a SHA cannot. */
    @Test
    void everyActionIsPinnedByAFullCommitShaWithItsVersion() throws IOException {
        Pattern pinned =
                Pattern.compile("\\s*(- )?uses: [A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40} # v\\d+(\\.\\d+)*");
        java.util.Set<String> versions = new TreeSet<>();
        for (Path file : workflowFiles()) {
            List<String> lines = Files.readAllLines(file).stream()
                    .filter(l -> l.strip().matches("(- )?uses:.*"))
                    .toList();
            assertThat(lines).as(file.toString()).isNotEmpty();
            assertThat(lines)
                    .as(file.toString())
                    .allMatch(l -> pinned.matcher(l).matches());
            assertThat(workflowUses(YAML.readTree(file.toFile())))
                    .as(file + ": every uses of the parsed workflow")
                    .hasSameSizeAs(lines)
                    .allMatch(a -> a.matches(".+@[0-9a-f]{40}"));
            lines.forEach(l -> versions.add(l.strip().replaceFirst("^(- )?uses: ", "")));
        }
        // one SHA per action across the workflows, so that an update cannot leave a second version behind
        assertThat(versions.stream()
                        .map(v -> v.substring(0, v.indexOf('@')))
                        .distinct()
                        .count())
                .as("actions pinned at more than one commit: " + versions)
                .isEqualTo(versions.size());
    }

    private static List<Path> workflowFiles() throws IOException {
        try (Stream<Path> list = Files.list(WORKFLOWS)) {
            return list.filter(
                            f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void noWorkflowHoldsAccessKeys() throws IOException {
        List<Path> files = workflowFiles();
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("ci.yml", "deploy.yml");
        for (Path file : files) {
            String text = Files.readString(file).toLowerCase();
            assertThat(text)
                    .as(file.toString())
                    .doesNotContain("aws-access-key-id")
                    .doesNotContain("aws-secret-access-key")
                    .doesNotContain("aws_access_key_id")
                    .doesNotContain("aws_secret_access_key");
        }
    }

    private static List<String> workflowUses(JsonNode workflow) {
        List<String> actions = new ArrayList<>();
        workflow.path("jobs")
                .forEach(job -> job.path("steps").forEach(step -> {
                    if (step.has("uses")) {
                        actions.add(step.path("uses").asText());
                    }
                }));
        return actions;
    }
}
