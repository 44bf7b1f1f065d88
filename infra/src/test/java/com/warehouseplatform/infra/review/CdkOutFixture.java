package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small cdk.out written by hand: manifest.json with one stack artifact per template, the templates, and
 * {@code <stack>.metadata.json} with the construct paths and cdk-nag acknowledgments the review reads.
 * {@link #platform()} is a three-stack warehouse platform in us-east-1 that tests change one thing at a time.
 */
final class CdkOutFixture {
    private final Map<String, ObjectNode> templates = new LinkedHashMap<>();
    private final Map<String, ObjectNode> metadata = new LinkedHashMap<>();
    private final Map<String, String> regions = new LinkedHashMap<>();

    static CdkOutFixture platform() {
        CdkOutFixture fixture = new CdkOutFixture();
        fixture.stack("prod-data-lake", "us-east-1", """
                {
                  "Resources": {
                    "LakeKey": {"Type": "AWS::KMS::Key", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                      "Properties": {"EnableKeyRotation": true, "KeyPolicy": {"Statement": [
                        {"Effect": "Allow", "Action": "kms:*", "Resource": "*",
                         "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "AWS::AccountId"}, ":root"]]}}}]}}},
                    "RawBucket": {"Type": "AWS::S3::Bucket", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                      "Properties": {"BucketName": "prod-raw-example",
                        "BucketEncryption": {"ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault":
                          {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": {"Fn::GetAtt": ["LakeKey", "Arn"]}}}]},
                        "PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "BlockPublicPolicy": true,
                          "IgnorePublicAcls": true, "RestrictPublicBuckets": true}}},
                    "CopyRole": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Statement": [
                      {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "redshift.amazonaws.com"}}]}}},
                    "CopyRolePolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "copy",
                      "Roles": [{"Ref": "CopyRole"}],
                      "PolicyDocument": {"Statement": [
                        {"Effect": "Allow", "Action": "s3:GetObject",
                         "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": ["RawBucket", "Arn"]}, "/*"]]}},
                        {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": {"Fn::GetAtt": ["LakeKey", "Arn"]}}]}}}
                  },
                  "Outputs": {
                    "ExportsKey": {"Value": {"Ref": "LakeKey"}, "Export": {"Name": "prod-data-lake:ExportsOutputRefLakeKey"}}
                  }
                }""");
        fixture.path("prod-data-lake", "LakeKey", "prod-data-lake/Lake/Key/Resource");
        fixture.path("prod-data-lake", "RawBucket", "prod-data-lake/Lake/Raw/Resource");
        fixture.path("prod-data-lake", "CopyRole", "prod-data-lake/CopyRole/Resource");
        fixture.path("prod-data-lake", "CopyRolePolicy", "prod-data-lake/CopyRole/DefaultPolicy/Resource");
        fixture.acknowledge(
                "prod-data-lake",
                "prod-data-lake/CopyRole",
                "AwsSolutions-IAM5[Resource::<RawBucket.Arn>/*]",
                "COPY reads every object of the raw bucket, read-only.");

        fixture.stack("prod-warehouse", "us-east-1", """
                {
                  "Resources": {
                    "WarehouseSecurityGroup": {"Type": "AWS::EC2::SecurityGroup", "Properties": {
                      "GroupDescription": "warehouse",
                      "SecurityGroupIngress": [{"CidrIp": "10.0.0.0/8", "IpProtocol": "tcp", "FromPort": 5440, "ToPort": 5440}]}},
                    "Warehouse": {"Type": "AWS::Redshift::Cluster", "DeletionPolicy": "Snapshot", "UpdateReplacePolicy": "Snapshot",
                      "Properties": {"ClusterIdentifier": "prod-warehouse", "DBName": "analytics",
                        "MasterUsername": "warehouse_admin", "ManageMasterPassword": true,
                        "NodeType": "ra3.4xlarge", "NumberOfNodes": 2, "ClusterType": "multi-node",
                        "Encrypted": true, "KmsKeyId": {"Fn::ImportValue": "prod-data-lake:ExportsOutputRefLakeKey"},
                        "AutomatedSnapshotRetentionPeriod": 7, "PubliclyAccessible": false, "Port": 5440,
                        "VpcSecurityGroupIds": [{"Fn::GetAtt": ["WarehouseSecurityGroup", "GroupId"]}]}}
                  }
                }""");
        fixture.path("prod-warehouse", "Warehouse", "prod-warehouse/Warehouse/Resource");

        fixture.stack("prod-loaders", "us-east-1", """
                {
                  "Resources": {
                    "OrdersLogs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain",
                      "Properties": {"RetentionInDays": 30}},
                    "OrdersFailures": {"Type": "AWS::SQS::Queue", "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete",
                      "Properties": {"SqsManagedSseEnabled": true, "MessageRetentionPeriod": 1209600}}
                  }
                }""");
        return fixture;
    }

    CdkOutFixture stack(String name, String region, String templateJson) {
        try {
            templates.put(name, (ObjectNode) Json.MAPPER.readTree(templateJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad template of " + name + ": " + e.getOriginalMessage(), e);
        }
        regions.put(name, region);
        metadata.put(name, Json.MAPPER.createObjectNode());
        return this;
    }

    CdkOutFixture withoutStack(String name) {
        templates.remove(name);
        return this;
    }

    /** Records that the construct at {@code path} made {@code logicalId}, as CDK does in the stack metadata. */
    CdkOutFixture path(String stack, String logicalId, String path) {
        entries(stack, path).addObject().put("type", "aws:cdk:logicalId").put("data", logicalId);
        return this;
    }

    CdkOutFixture acknowledge(String stack, String path, String findingId, String reason) {
        ObjectNode entry = entries(stack, path).addObject().put("type", "aws:cdk:acknowledged-rules");
        entry.putObject("data").put(findingId, reason);
        return this;
    }

    /** The resource {@code logicalId} of {@code stack}, to change in place. */
    ObjectNode resource(String stack, String logicalId) {
        return (ObjectNode) templates.get(stack).path("Resources").path(logicalId);
    }

    CdkOutFixture change(String stack, String logicalId, Consumer<ObjectNode> edit) {
        edit.accept(resource(stack, logicalId));
        return this;
    }

    CdkOutFixture properties(String stack, String logicalId, Consumer<ObjectNode> edit) {
        edit.accept((ObjectNode) resource(stack, logicalId).path("Properties"));
        return this;
    }

    CdkOutFixture remove(String stack, String logicalId) {
        ((ObjectNode) templates.get(stack).path("Resources")).remove(logicalId);
        return this;
    }

    CdkOutFixture add(String stack, String logicalId, String resourceJson) {
        try {
            ((ObjectNode) templates.get(stack).path("Resources")).set(logicalId, Json.MAPPER.readTree(resourceJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Adds an output of {@code stack} exported as {@code exportName}, as CDK writes cross-stack references. */
    CdkOutFixture export(String stack, String outputId, String exportName, String valueJson) {
        try {
            ObjectNode outputs = templates.get(stack).has("Outputs")
                    ? (ObjectNode) templates.get(stack).get("Outputs")
                    : templates.get(stack).putObject("Outputs");
            ObjectNode output = outputs.putObject(outputId);
            output.set("Value", Json.MAPPER.readTree(valueJson));
            output.putObject("Export").put("Name", exportName);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    /** Writes the cdk.out into {@code directory} (created) and returns it. */
    Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            ObjectNode manifest = Json.MAPPER.createObjectNode().put("version", "54.0.0");
            ObjectNode artifacts = manifest.putObject("artifacts");
            for (Map.Entry<String, ObjectNode> stack : templates.entrySet()) {
                String name = stack.getKey();
                ObjectNode artifact = artifacts.putObject(name);
                artifact.put("type", "aws:cloudformation:stack");
                artifact.put("environment", "aws://unknown-account/" + regions.get(name));
                artifact.putObject("properties").put("templateFile", name + ".template.json");
                artifact.put("additionalMetadataFile", name + ".metadata.json");
                artifact.put("displayName", name);
                Json.MAPPER
                        .writerWithDefaultPrettyPrinter()
                        .writeValue(directory.resolve(name + ".template.json").toFile(), stack.getValue());
                Json.MAPPER.writeValue(
                        directory.resolve(name + ".metadata.json").toFile(), metadata.get(name));
            }
            Json.MAPPER
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(directory.resolve("manifest.json").toFile(), manifest);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ArrayNode entries(String stack, String path) {
        ObjectNode stackMetadata = metadata.get(stack);
        JsonNode existing = stackMetadata.get("/" + path);
        return existing != null ? (ArrayNode) existing : stackMetadata.putArray("/" + path);
    }
}
