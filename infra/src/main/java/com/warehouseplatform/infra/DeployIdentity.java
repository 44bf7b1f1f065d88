package com.warehouseplatform.infra;

import com.warehouseplatform.config.ConfigException;
import com.warehouseplatform.config.EnvironmentConfig;
import com.warehouseplatform.infra.constructs.CloudFormationExecutionPolicy;
import com.warehouseplatform.infra.stacks.DeployIdentityStack;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.App;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.LegacyStackSynthesizer;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The deploy identity stacks, which {@code npx cdk ... -c deployIdentity=true} synthesizes instead of an
 * environment: one stack per AWS account of the environments in config/ that have a {@code deployment}
 * section, {@code deploy-identity-<account>}, and {@code deploy-identity} for the environment-agnostic ones
 * (no {@code account}: they deploy to the account of the credentials, and so does their identity stack).
 * An account has one GitHub OIDC provider, so its environments share one stack.
 */
public final class DeployIdentity {
    /** The context key that selects the deploy identity instead of an environment. */
    public static final String CONTEXT_KEY = "deployIdentity";

    public static final String STACK_NAME = "deploy-identity";

    private DeployIdentity() {}

    /** Whether the app's context asks for the deploy identity ({@code -c deployIdentity=true}). */
    public static boolean requested(App app) {
        Object value = app.getNode().tryGetContext(CONTEXT_KEY);
        return value != null && Boolean.parseBoolean(value.toString());
    }

    /** The name of the identity stack of {@code account} ({@code null}: the environment-agnostic one). */
    public static String stackName(String account) {
        return account == null ? STACK_NAME : STACK_NAME + "-" + account;
    }

    /** The bootstrap qualifier the environments' stacks are synthesized with: the app's, else CDK's default. */
    public static String qualifier(App app) {
        Object value = app.getNode().tryGetContext("@aws-cdk/core:bootstrapQualifier");
        return value == null ? DefaultStackSynthesizer.DEFAULT_QUALIFIER : value.toString();
    }

    /** Builds one identity stack per account into {@code app}, in account order. */
    public static List<DeployIdentityStack> build(App app, List<EnvironmentConfig> environments) {
        Map<String, List<EnvironmentConfig>> byAccount = new TreeMap<>();
        environments.stream()
                .filter(e -> e.deployment() != null)
                .sorted(Comparator.comparing(EnvironmentConfig::name))
                .forEach(e -> byAccount
                        .computeIfAbsent(e.account() == null ? "" : e.account(), k -> new ArrayList<>())
                        .add(e));
        if (byAccount.isEmpty()) {
            throw new ConfigException(List.of("config/: no environment has a deployment section "
                    + "(deployment: {githubRepository: owner/repo}), so there is no deploy identity to build"));
        }
        String qualifier = qualifier(app);
        List<DeployIdentityStack> stacks = new ArrayList<>();
        byAccount.forEach((key, envs) -> {
            String account = key.isEmpty() ? null : key;
            DeployIdentityStack stack = new DeployIdentityStack(
                    app,
                    stackName(account),
                    StackProps.builder()
                            .env(Environment.builder()
                                    .account(account)
                                    .region(envs.get(0).region())
                                    .build())
                            // no bootstrap roles, no assets: an administrator deploys it with their own credentials,
                            // before `cdk bootstrap` is given the execution policy this stack creates
                            .synthesizer(new LegacyStackSynthesizer())
                            .terminationProtection(true)
                            // a stack tag, as CloudFormation applies it to every resource (explicitStackTags)
                            .tags(Map.of(
                                    CloudFormationExecutionPolicy.PLATFORM_TAG,
                                    CloudFormationExecutionPolicy.PLATFORM_TAG_VALUE))
                            .description("Redshift warehouse platform: GitHub OIDC deploy roles of "
                                    + String.join(
                                            ", ",
                                            envs.stream()
                                                    .map(EnvironmentConfig::name)
                                                    .toList())
                                    + " and the CloudFormation execution policy of the CDK bootstrap")
                            .build(),
                    envs,
                    qualifier);
            Tags.of(stack)
                    .add(CloudFormationExecutionPolicy.PLATFORM_TAG, CloudFormationExecutionPolicy.PLATFORM_TAG_VALUE);
            stacks.add(stack);
        });
        return stacks;
    }
}
