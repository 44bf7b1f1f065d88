package com.warehouseplatform.infra.stacks;

import static org.assertj.core.api.Assertions.assertThat;

import com.warehouseplatform.config.ConfigLoader;
import com.warehouseplatform.infra.DeployIdentity;
import com.warehouseplatform.infra.Platforms;
import com.warehouseplatform.infra.PolicySimulator;
import com.warehouseplatform.infra.PolicySimulator.Request;
import com.warehouseplatform.infra.PolicySimulator.Statement;
import com.warehouseplatform.infra.WarehousePlatform;
import com.warehouseplatform.infra.constructs.KeyPolicies;
import com.warehouseplatform.infra.constructs.SnapshotCopyGrant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * {@code warehouse.resilience} in the templates: prod's Multi-AZ cluster and its snapshot copy to eu-central-1 with
 * the whole arrow (the cluster names the grant, the grant is made on a key of the destination region, the grant's
 * function may make it, the key lets it), a restored cluster, and an environment without any of it unchanged.
 */
class ResilienceTest {
    private static final Platforms.Built PROD = Platforms.of("prod");
    private static final String DR = "prod-warehouse-dr";
    private static final String GRANT = "prod-warehouse-snapshot-copy";

    @Test
    void prodIsMultiAzAndCopiesItsSnapshotsToEuCentral1WithTheGrant() {
        assertThat(SnapshotCopyGrant.grantName("prod")).isEqualTo(GRANT);
        PROD.warehouse()
                .hasResourceProperties(
                        "AWS::Redshift::Cluster",
                        Match.objectLike(Map.of(
                                "MultiAZ",
                                true,
                                "NumberOfNodes",
                                2,
                                "Port",
                                5440,
                                "Encrypted",
                                true,
                                "DestinationRegion",
                                "eu-central-1",
                                "SnapshotCopyGrantName",
                                GRANT,
                                "SnapshotCopyRetentionPeriod",
                                7)));
        assertThat(PROD.warehouse().toJSON().toString()).doesNotContain("SnapshotIdentifier");
    }

    @Test
    void theDisasterRecoveryStackIsInTheDestinationRegionAndDeployedFirst() {
        var dr = PROD.platform().disasterRecovery();
        assertThat(dr).isNotNull();
        assertThat(dr.getStackName()).isEqualTo(DR);
        assertThat(dr.getRegion()).isEqualTo("eu-central-1");
        assertThat(dr.getAccount()).isEqualTo("123456789012");
        assertThat(PROD.platform().warehouse().getDependencies()).contains(dr);
        assertThat(PROD.platform().stacks()).contains(dr);
    }

    @Test
    void theGrantIsMadeOnARotatedKeptKeyOfTheDestinationRegion() {
        Template template = PROD.template(PROD.platform().disasterRecovery());
        Map<String, Map<String, Object>> keys = template.findResources(
                "AWS::KMS::Key",
                Match.objectLike(Map.of(
                        "Properties",
                        Match.objectLike(Map.of(
                                "Description", "Encrypts the prod warehouse's snapshots copied to this region")))));
        assertThat(keys).hasSize(1);
        String keyId = keys.keySet().iterator().next();
        assertThat(keys.get(keyId))
                .containsEntry("DeletionPolicy", "Retain")
                .containsEntry("UpdateReplacePolicy", "Retain");
        template.hasResourceProperties(
                "AWS::KMS::Key",
                Match.objectLike(Map.of(
                        "EnableKeyRotation",
                        true,
                        "KeyPolicy",
                        Match.objectLike(Map.of(
                                "Statement",
                                Match.arrayWith(List.of(Match.objectLike(
                                        Map.of("Sid", KeyPolicies.GRANTS_FOR_AWS_RESOURCES_ONLY)))))))));
        Map<String, Map<String, Object>> grants = template.findResources("Custom::AWS");
        assertThat(grants).hasSize(1);
        String create =
                String.valueOf(((Map<?, ?>) grants.values().iterator().next().get("Properties")).get("Create"));
        assertThat(create)
                .contains("createSnapshotCopyGrant")
                .contains("\"SnapshotCopyGrantName\":\"" + GRANT + "\"")
                .contains(keyId);
    }

    @Test
    void theGrantsFunctionMayCreateTheGrantAndTheKeyLetsRedshiftGrantOnItsBehalfOnly() {
        PolicySimulator aws = new PolicySimulator(PROD);
        String keyId = aws.ofType(DR, "AWS::KMS::Key").stream()
                .filter(id -> String.valueOf(aws.properties(DR, id).get("Description"))
                        .contains("snapshots copied"))
                .findFirst()
                .orElseThrow();
        String roleId = aws.ofType(DR, "AWS::IAM::Role").get(0);
        List<Statement> identity = aws.identityPolicy(DR, roleId);
        List<Statement> keyPolicy = aws.keyPolicy(DR, keyId);
        String role = "att:" + DR + "/" + roleId + ".Arn";
        String keyArn = "att:" + DR + "/" + keyId + ".Arn";
        String grantArn = "arn:aws:redshift:eu-central-1:123456789012:snapshotcopygrant:" + GRANT;

        assertThat(aws.allows(Request.byRole(role, "redshift:CreateSnapshotCopyGrant", grantArn), identity, List.of()))
                .isTrue();
        assertThat(aws.allows(Request.byRole(role, "redshift:DeleteSnapshotCopyGrant", grantArn), identity, List.of()))
                .isTrue();
        assertThat(aws.allows(
                        Request.byRole(
                                role,
                                "redshift:CreateSnapshotCopyGrant",
                                "arn:aws:redshift:eu-central-1:123456789012:snapshotcopygrant:other"),
                        identity,
                        List.of()))
                .as("no other grant")
                .isFalse();
        Request forRedshift = new Request(
                null,
                role,
                "kms:CreateGrant",
                keyArn,
                Map.of("kms:GrantIsForAWSResource", "true", "aws:PrincipalIsAWSService", "false"));
        assertThat(aws.keyAllows(forRedshift, identity, keyPolicy))
                .as("the KMS grant Redshift makes with the function's credentials")
                .isTrue();
        Request ownGrant = new Request(
                null,
                role,
                "kms:CreateGrant",
                keyArn,
                Map.of("kms:GrantIsForAWSResource", "false", "aws:PrincipalIsAWSService", "false"));
        assertThat(aws.keyAllows(ownGrant, identity, keyPolicy))
                .as("a grant of the function's own")
                .isFalse();
        assertThat(aws.keyAllows(forRedshift.with("kms:Decrypt", keyArn), identity, keyPolicy))
                .as("the function cannot read what the key encrypts")
                .isFalse();
    }

    @Test
    void theDeployIdentityReachesTheDestinationRegion() {
        List<DeployIdentityStack> identities =
                DeployIdentity.build(WarehousePlatform.newApp(Map.of()), ConfigLoader.loadAll(Platforms.CONFIG));
        DeployIdentityStack identity = identities.stream()
                .filter(s -> s.getRoles().containsKey("prod"))
                .findFirst()
                .orElseThrow();
        String template = Template.fromStack(identity).toJSON().toString();
        assertThat(WarehousePlatform.regions(PROD.config())).containsExactly("eu-west-1", "eu-central-1");
        // the deploy role may assume the bootstrap roles of eu-central-1, and CloudFormation may create the key, the
        // function and its log group there
        assertThat(template)
                .contains("role/cdk-hnb659fds-deploy-role-123456789012-eu-central-1")
                .contains(":kms:eu-central-1:")
                .contains(":lambda:eu-central-1:")
                .contains(":logs:eu-central-1:")
                .contains(":cloudformation:eu-central-1:");
    }

    @Test
    void aClusterRestoredFromASnapshotNamesItAndTheSourceCluster() {
        Platforms.Built restored = Platforms.variant(
                "prod",
                "restored",
                yaml -> yaml.replace(
                        "    multiAz: true ",
                        "    restoreFrom: {snapshot: prod-before-migration, sourceCluster: prod-warehouse,"
                                + " ownerAccount: \"123456789012\"}\n    multiAz: true "));
        restored.warehouse()
                .hasResourceProperties(
                        "AWS::Redshift::Cluster",
                        Match.objectLike(Map.of(
                                "SnapshotIdentifier", "prod-before-migration",
                                "SnapshotClusterIdentifier", "prod-warehouse",
                                "OwnerAccount", "123456789012",
                                "MultiAZ", true)));
    }

    @Test
    void anEnvironmentWithoutResilienceKeepsItsTemplateAndHasNoDisasterRecoveryStack() {
        Platforms.Built dev = Platforms.of("dev");
        assertThat(dev.platform().disasterRecovery()).isNull();
        assertThat(dev.platform().stacks()).hasSize(4);
        String cluster = dev.warehouse().findResources("AWS::Redshift::Cluster").toString();
        for (String property : List.of(
                "MultiAZ", "DestinationRegion", "SnapshotCopyGrantName", "SnapshotIdentifier", "OwnerAccount")) {
            assertThat(cluster).as(property).doesNotContain(property);
        }
    }
}
