package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.infra.Platforms;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;

/** What {@code protect} does: prod (protect: true) keeps its data, dev (protect: false) can be destroyed. */
class ProtectionTest {
    private static final Platforms.Built PROD = Platforms.of("prod");
    private static final Platforms.Built DEV = Platforms.of("dev");
    private static final List<String> RETAINED_TYPES =
            List.of("AWS::S3::Bucket", "AWS::KMS::Key", "AWS::Logs::LogGroup");

    private static void assertPolicies(Template template, String type, String policy) {
        Map<String, Map<String, Object>> resources = template.findResources(type);
        assertThat(resources).as(type).isNotEmpty();
        assertThat(resources.values()).as(type).allSatisfy(resource -> {
            assertThat(resource.get("DeletionPolicy")).isEqualTo(policy);
            assertThat(resource.get("UpdateReplacePolicy")).isEqualTo(policy);
        });
    }

    private static List<Template> templates(Platforms.Built built) {
        return built.platform().stacks().stream().map(Template::fromStack).toList();
    }

    @Test
    void protectedEnvironmentRetainsBucketsKeyAndLogsAndSnapshotsTheCluster() {
        assertPolicies(PROD.dataLake(), "AWS::S3::Bucket", "Retain");
        assertPolicies(PROD.dataLake(), "AWS::KMS::Key", "Retain");
        assertPolicies(PROD.network(), "AWS::Logs::LogGroup", "Retain");
        assertPolicies(PROD.warehouse(), "AWS::Redshift::Cluster", "Snapshot");
    }

    @Test
    void protectedEnvironmentTurnsOnTerminationProtectionOnEveryStack() {
        assertThat(PROD.platform().stacks())
                .extracting(Stack::getTerminationProtection)
                .containsOnly(true);
    }

    @Test
    void unprotectedEnvironmentCanBeDestroyed() {
        assertThat(DEV.platform().stacks())
                .extracting(Stack::getTerminationProtection)
                .containsOnly(false);
        assertPolicies(DEV.dataLake(), "AWS::S3::Bucket", "Delete");
        assertPolicies(DEV.dataLake(), "AWS::KMS::Key", "Delete");
        assertPolicies(DEV.warehouse(), "AWS::Redshift::Cluster", "Delete");
    }

    @Test
    void neverEmptiesBucketsWithAnAutoDeleteCustomResource() {
        for (Platforms.Built built : List.of(PROD, DEV)) {
            for (Template template : templates(built)) {
                template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
            }
        }
    }

    @Test
    void tagsEveryTaggableResourceWithTheConfiguredTags() {
        List<String> taggable = List.of(
                "AWS::S3::Bucket",
                "AWS::KMS::Key",
                "AWS::Redshift::Cluster",
                "AWS::EC2::VPC",
                "AWS::EC2::Subnet",
                "AWS::EC2::SecurityGroup",
                "AWS::IAM::Role",
                "AWS::Redshift::ClusterParameterGroup",
                "AWS::Redshift::ClusterSubnetGroup",
                "AWS::Logs::LogGroup");
        int checked = 0;
        for (Template template : templates(PROD)) {
            for (String type : taggable) {
                for (Map.Entry<String, Map<String, Object>> entry :
                        template.findResources(type).entrySet()) {
                    Map<String, Object> resource = entry.getValue();
                    if (madeByACdkCustomResourceProvider(entry.getKey())) {
                        continue; // a plain CfnResource that Tags.of cannot reach: the stack tags below tag it
                    }
                    String properties = String.valueOf(resource.get("Properties"));
                    assertThat(properties)
                            .as(type)
                            .contains("{Key=owner, Value=data-platform}")
                            .contains("{Key=cost-center, Value=analytics}")
                            .contains("{Key=environment, Value=prod}");
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(15);
    }

    /** CloudFormation applies stack tags to every resource of the stack that supports tags, ours or CDK's. */
    @Test
    void tagsEveryStackWithTheConfiguredTags() {
        for (Stack stack : PROD.platform().stacks()) {
            assertThat(stack.getTags().tagValues())
                    .as(stack.getStackName())
                    .containsEntry("owner", "data-platform")
                    .containsEntry("cost-center", "analytics")
                    .containsEntry("environment", "prod")
                    .containsEntry("platform", "redshift-warehouse");
        }
    }

    /** CDK names the resources of a CustomResourceProvider singleton {@code Custom<Name>CustomResourceProvider...}. */
    private static boolean madeByACdkCustomResourceProvider(String logicalId) {
        return logicalId.startsWith("Custom") && logicalId.contains("CustomResourceProvider");
    }
}
