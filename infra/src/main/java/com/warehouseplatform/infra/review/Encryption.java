package com.warehouseplatform.infra.review;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Encryption at rest of every data store: bucket SSE algorithm and key, cluster Encrypted and KmsKeyId,
 * namespace key, queue and topic keys, log group and secret keys, and rotation of the KMS keys.
 */
final class Encryption {

    /** One data store, how it is encrypted and with which key; {@code flag} when it is not. */
    record Row(String stack, String resource, String type, String encryption, String key, String flag) {}

    private Encryption() {}

    static List<Row> of(CloudAssembly assembly) {
        List<Row> rows = new ArrayList<>();
        for (StackTemplate stack : assembly.stacks()) {
            Intrinsics text = new Intrinsics(assembly, stack);
            for (Resource r : stack.resources().values()) {
                String id = Markdown.code(r.logicalId());
                JsonNode p = r.properties();
                switch (r.type()) {
                    case "AWS::S3::Bucket" -> {
                        JsonNode rule = p.path("BucketEncryption")
                                .path("ServerSideEncryptionConfiguration")
                                .path(0);
                        JsonNode byDefault = rule.path("ServerSideEncryptionByDefault");
                        if (byDefault.isMissingNode()) {
                            rows.add(new Row(
                                    stack.name(),
                                    id,
                                    r.type(),
                                    "none declared: S3 applies SSE-S3 (AES256) " + "to new objects by default",
                                    "",
                                    Markdown.bold("no key of yours")));
                        } else {
                            String algorithm = text.text(byDefault.path("SSEAlgorithm"));
                            rows.add(new Row(
                                    stack.name(),
                                    id,
                                    r.type(),
                                    "SSE " + algorithm
                                            + (rule.path("BucketKeyEnabled").asBoolean(false) ? ", bucket key" : ""),
                                    key(
                                            text,
                                            byDefault.path("KMSMasterKeyID"),
                                            algorithm.startsWith("aws:kms")
                                                    ? "aws/s3 (AWS managed key)"
                                                    : "S3 managed"),
                                    ""));
                        }
                    }
                    case "AWS::Redshift::Cluster" -> {
                        boolean encrypted = p.path("Encrypted").asBoolean(false);
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                encrypted
                                        ? "Encrypted true"
                                        : "Encrypted " + (p.has("Encrypted") ? "false" : "not set (false)"),
                                encrypted ? key(text, p.path("KmsKeyId"), "AWS managed key") : "",
                                encrypted ? "" : Markdown.bold("not encrypted")));
                        if (p.has("MasterPasswordSecretKmsKeyId")) {
                            rows.add(new Row(
                                    stack.name(),
                                    id,
                                    "admin password secret",
                                    "Secrets Manager (ManageMasterPassword)",
                                    key(text, p.path("MasterPasswordSecretKmsKeyId"), ""),
                                    ""));
                        }
                    }
                    case "AWS::RedshiftServerless::Namespace" ->
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                "always encrypted",
                                key(text, p.path("KmsKeyId"), "AWS owned key"),
                                ""));
                    case "AWS::SQS::Queue" ->
                        rows.add(
                                p.has("KmsMasterKeyId")
                                        ? new Row(
                                                stack.name(),
                                                id,
                                                r.type(),
                                                "SSE-KMS",
                                                key(text, p.path("KmsMasterKeyId"), ""),
                                                "")
                                        : new Row(
                                                stack.name(),
                                                id,
                                                r.type(),
                                                p.path("SqsManagedSseEnabled").asBoolean(false)
                                                        ? "SSE-SQS (SQS owned key)"
                                                        : "not declared in the template",
                                                "",
                                                p.path("SqsManagedSseEnabled").asBoolean(false)
                                                        ? ""
                                                        : Markdown.bold("not declared")));
                    case "AWS::SNS::Topic" ->
                        rows.add(
                                p.has("KmsMasterKeyId")
                                        ? new Row(
                                                stack.name(),
                                                id,
                                                r.type(),
                                                "SSE-KMS",
                                                key(text, p.path("KmsMasterKeyId"), ""),
                                                "")
                                        : new Row(
                                                stack.name(),
                                                id,
                                                r.type(),
                                                "no server-side encryption",
                                                "",
                                                Markdown.bold("not encrypted")));
                    case "AWS::Logs::LogGroup" ->
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                p.has("KmsKeyId") ? "KMS key" : "CloudWatch Logs default encryption",
                                key(text, p.path("KmsKeyId"), "service managed"),
                                ""));
                    case "AWS::SecretsManager::Secret" ->
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                "always encrypted",
                                key(text, p.path("KmsKeyId"), "aws/secretsmanager (AWS managed key)"),
                                ""));
                    case "AWS::KMS::Key" -> {
                        boolean symmetric = !p.has("KeySpec")
                                || "SYMMETRIC_DEFAULT".equals(p.path("KeySpec").asText());
                        boolean rotation = p.path("EnableKeyRotation").asBoolean(false);
                        rows.add(new Row(
                                stack.name(),
                                id,
                                r.type(),
                                "key " + (rotation ? "with" : "without") + " automatic rotation",
                                "(this key)",
                                symmetric && !rotation ? Markdown.bold("no rotation") : ""));
                    }
                    default -> {}
                }
            }
        }
        return rows;
    }

    private static String key(Intrinsics text, JsonNode key, String otherwise) {
        return key.isMissingNode() ? otherwise : Markdown.code(text.text(key));
    }

    static void appendTo(Markdown md, List<Row> rows) {
        md.heading(2, "Encryption at rest");
        long flagged = rows.stream().filter(r -> !r.flag().isEmpty()).count();
        md.paragraph(
                flagged == 0
                        ? "Every data store is encrypted, and every symmetric KMS key rotates."
                        : Markdown.bold(flagged + " findings") + " below are marked.");
        md.table(
                List.of("stack", "resource", "type", "encryption", "key", "flag"),
                rows.stream()
                        .map(r -> List.of(r.stack(), r.resource(), r.type(), r.encryption(), r.key(), r.flag()))
                        .toList());
    }
}
